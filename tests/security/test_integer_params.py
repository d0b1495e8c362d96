"""Integers typed by visitors outside the API: non-ASCII digits or huge numbers are refused, never a 500."""
from __future__ import annotations

import pytest

from tests.ateliers.conftest import creer, rejoindre
from wizard.web.params import parse_int


@pytest.mark.parametrize("raw,expected", [("7", 7), ("0", 0), ("50", 50), ("51", None), ("²", None), ("٣", None),
                                          ("1" * 5000, None), ("-1", None), ("+1", None), (" 1", None), ("", None),
                                          (None, None), ("1.0", None)])
def test_parse_int_accepts_only_bounded_ascii_integers(raw, expected):
    assert parse_int(raw, 0, 50) == expected


@pytest.mark.parametrize("question", ["²", "1" * 5000, "-1", "99"])
def test_workshop_idea_with_a_malformed_question_number_is_not_a_server_error(app, client, question):
    session = creer(client)
    participant = app.test_client()
    assert rejoindre(participant, session.code).status_code == 303
    response = participant.post(f"/a/{session.code}/idees", data={"question": question, "q0-texte": "Une idée"})
    assert response.status_code < 500
