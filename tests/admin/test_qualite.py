"""Data quality dashboard: completeness per fiche (least complete first), oldest verification."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.admin.conftest import EDITED, OTHER
from wizard.annuaire.completude import completude
from wizard.db import get_session
from wizard.models import Structure


def test_admin_sees_every_fiche_least_complete_first(app, admin_client):
    html = admin_client.get("/admin/qualite").get_data(as_text=True)
    scores = [int(s) for s in re.findall(r">(\d+)&nbsp;/&nbsp;100", html)]
    with app.app_context():
        session = get_session()
        count = session.scalar(select(func.count()).select_from(Structure))
        oldest = session.scalar(select(func.min(Structure.verifie_le)))
        worst = min(completude(s) .score for s in session.scalars(select(Structure)))
    assert len(scores) == count
    assert scores == sorted(scores) and scores[0] == worst
    assert f"Vérification la plus ancienne : <strong>{oldest:%d/%m/%Y}</strong>" in html


def test_a_fiche_lists_what_to_complete_first(app, admin_client):
    with app.app_context():
        structure = get_session().scalar(select(Structure).where(Structure.slug == EDITED))
        manques = completude(structure).manques
    html = admin_client.get("/admin/qualite").get_data(as_text=True)
    row = html[html.index(f"/admin/structures/{EDITED}/modifier"):]
    row = row[:row.index("</tr>")]
    expected = " ; ".join(manques[:3]) if manques else "rien"
    assert expected in row


def test_editor_dashboard_shows_only_own_fiches(editor_client):
    html = editor_client.get("/admin/qualite").get_data(as_text=True)
    assert f"/admin/structures/{EDITED}/modifier" in html
    assert f"/admin/structures/{OTHER}/modifier" not in html
