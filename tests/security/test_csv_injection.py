"""Every CSV export neutralises cells a spreadsheet would run as formulas (CSV injection)."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from wizard.db import get_session
from wizard.models import Dispositif, Structure
from wizard.web.tableur import FORMULA_START, cell, csv_text

PAYLOADS = ['=HYPERLINK("https://evil.example","x")', "+33 2 43 00 00 00", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cells_starting_a_formula_are_neutralised(payload):
    assert cell(payload) == "'" + payload
    assert cell([payload, "b"]) == "'" + payload + " | b"
    assert cell(cell(payload)) == cell(payload)  # applying it twice changes nothing


def test_plain_cells_are_unchanged():
    assert [cell(v) for v in ("CAUE", "0,42", None, 12, ["a", "b"])] == ["CAUE", "0,42", "", "12", "a | b"]


def test_the_writer_neutralises_every_cell_of_every_row():
    text = csv_text([{"a": p, "b": [p]} for p in PAYLOADS], ("a", "b"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert all(not v.startswith(FORMULA_START) for r in rows for v in r.values())


@pytest.mark.parametrize("separateur", ["virgule", "point-virgule"])
def test_open_data_exports_neutralise_partner_edited_values(app, client, separateur):
    with app.app_context():
        session = get_session()
        session.scalar(select(Structure).where(Structure.slug == "caue-53")).nom = PAYLOADS[0]
        session.scalars(select(Dispositif)).first().nom = PAYLOADS[3]
        session.commit()
    delimiter = ";" if separateur == "point-virgule" else ","
    for url in ("/api/v1/structures.csv", "/api/v1/dispositifs.csv", "/api/v1/enquete.csv"):
        body = client.get(f"{url}?separateur={separateur}").get_data(as_text=True).lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(body), delimiter=delimiter))
        assert rows, url
        cells = [v for r in rows for v in r.values() if v]
        assert not [v for v in cells if v.startswith(FORMULA_START)], url
    structures = client.get("/api/v1/structures.csv").get_data(as_text=True)
    assert "'=HYPERLINK(" in structures
    assert "'@SUM(A1)" in client.get("/api/v1/dispositifs.csv").get_data(as_text=True)
