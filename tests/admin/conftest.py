"""Back-office fixtures: an admin and an editor of caue-53, logged-in clients, a form reader."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from wizard.auth.services import create_user
from wizard.db import get_session

PASSWORD = "une phrase de passe solide"
EDITED = "caue-53"      # the editor's structure
OTHER = "cerema"        # a structure the editor may not touch


class _FormReader(HTMLParser):
    """Collect the submitted values of the form whose action ends with ``action``."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.values = action, False, []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = (a.get("action") or "").endswith(self.action)
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.append((name, a.get("value", "y")))
            elif a.get("type") != "submit":
                self.values.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.append((name, ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.values[-1]
            self.values[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self._textarea = None
            # Like a browser: one leading new line of a textarea is not part of its value.
            name, value = self.values[-1]
            for newline in ("\r\n", "\n"):
                if value.startswith(newline):
                    self.values[-1] = (name, value[len(newline):])
                    break
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def read_form(html: str, action: str) -> dict[str, list[str]]:
    """The values a browser would submit for the form posting to ``action``."""
    reader = _FormReader(action)
    reader.feed(html)
    out: dict[str, list[str]] = {}
    for name, value in reader.values:
        out.setdefault(name, []).append(value)
    return out


def login(client, email: str, password: str = PASSWORD):
    return client.post("/connexion", data={"email": email, "mot_de_passe": password})


@pytest.fixture
def users(app):
    """admin@ddt53.fr (admin) and editeur@caue53.fr (editor of caue-53)."""
    with app.app_context():
        session = get_session()
        create_user(session, "admin@ddt53.fr", PASSWORD, "admin", [])
        create_user(session, "editeur@caue53.fr", PASSWORD, "editeur", [EDITED])
        session.commit()


@pytest.fixture
def admin_client(app, users):
    client = app.test_client()
    assert login(client, "admin@ddt53.fr").status_code == 302
    return client


@pytest.fixture
def editor_client(app, users):
    client = app.test_client()
    assert login(client, "editeur@caue53.fr").status_code == 302
    return client


def edit_form(client, slug: str = EDITED) -> dict[str, list[str]]:
    """The current edit form of a fiche, as a browser would submit it unchanged."""
    response = client.get(f"/admin/structures/{slug}/modifier")
    assert response.status_code == 200
    return read_form(response.get_data(as_text=True), f"/admin/structures/{slug}/modifier")


def revisions(app, slug: str = EDITED) -> list:
    """The fiche's back-office history, oldest first (the data load writes its own "chargement" entries)."""
    from sqlalchemy import select

    from wizard.models import Revision, Structure
    with app.app_context():
        session = get_session()
        structure_id = session.scalar(select(Structure.id).where(Structure.slug == slug))
        return list(session.scalars(select(Revision).where(Revision.structure_id == structure_id,
                                                           Revision.action != "chargement").order_by(Revision.id)))
