"""Data quality dashboard: completeness per fiche (least complete first among equally recommended ones),
the oldest dated fact, what to complete first."""
from __future__ import annotations

import re

from markupsafe import escape
from sqlalchemy import func, select

from tests.admin.conftest import EDITED, OTHER
from wizard.annuaire.completude import completude
from wizard.db import get_session
from wizard.models import Source, Structure

ROW = re.compile(r'<tr>\s*<th scope="row"[^>]*><a [^>]*href="/admin/structures/([a-z0-9-]+)/modifier">.*?</th>\s*'
                 r'<td>(\d+)</td>\s*<td>(oui|non)</td>\s*<td[^>]*>(\d+)&nbsp;/&nbsp;100', re.S)


def _rows(html: str) -> list[tuple[str, int, str, int]]:
    """(slug, times recommended, reachable, score) of each row, in the page's order."""
    return [(slug, int(freq), joignable, int(score)) for slug, freq, joignable, score in ROW.findall(html)]


def test_admin_sees_every_fiche_least_complete_first(app, admin_client):
    """Every fiche, the most recommended first (v2: completing them helps the most requests) and, among
    equally recommended ones, the least complete first."""
    html = admin_client.get("/admin/qualite").get_data(as_text=True)
    rows = _rows(html)
    with app.app_context():
        session = get_session()
        structures = {s.slug: s for s in session.scalars(select(Structure))}
        scores = {slug: completude(s).score for slug, s in structures.items()}
        oldest = session.scalar(select(func.min(Source.date)))
    assert sorted(slug for slug, *_ in rows) == sorted(structures)
    assert [score for *_, score in rows] == [scores[slug] for slug, *_ in rows]
    keys = [(-freq, score) for _, freq, _, score in rows]
    assert keys == sorted(keys)
    assert any(freq > 0 for _, freq, _, _ in rows)  # the recommender's frequency is computed
    for freq in {f for _, f, _, _ in rows}:  # within a frequency, the least complete first
        group = [score for _, f, _, score in rows if f == freq]
        assert group == sorted(group)
    assert f"Score moyen de complétude : <strong>{round(sum(scores.values()) / len(scores))}</strong>" in html
    assert f"Fait le plus ancien : <strong>{oldest}</strong>" in html


def test_a_fiche_lists_what_to_complete_first(app, admin_client):
    with app.app_context():
        structure = get_session().scalar(select(Structure).where(Structure.slug == EDITED))
        manques = completude(structure).manques
        a_verifier = (structure.interne or {}).get("a_verifier", "")
    html = admin_client.get("/admin/qualite").get_data(as_text=True)
    row = html[html.index(f"/admin/structures/{EDITED}/modifier"):]
    row = row[:row.index("</tr>")]
    expected = " ; ".join(manques[:3]) if manques else "rien"
    assert expected in row
    # The internal "to check" note is the partners' to-do list: shown here (never on the public fiche).
    assert a_verifier and str(escape(a_verifier[:60])) in row


def test_editor_dashboard_shows_only_own_fiches(editor_client):
    html = editor_client.get("/admin/qualite").get_data(as_text=True)
    assert f"/admin/structures/{EDITED}/modifier" in html
    assert f"/admin/structures/{OTHER}/modifier" not in html
    assert [slug for slug, *_ in _rows(html)] == [EDITED]
