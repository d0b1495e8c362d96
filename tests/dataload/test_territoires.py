"""Territory files extracted from @etalab/decoupage-administratif."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import DATA_DIR
from wizard.dataload.reader import read_json
from wizard.dataload.territoires import read_territoires, upsert_territoires
from wizard.db import Base, make_engine
from wizard.models import Commune, Epci

TERRITOIRES = DATA_DIR / "territoires"


def test_mayenne_extract_has_240_communes_in_10_epci():
    communes, epcis = read_territoires(TERRITOIRES / "communes-53.json", TERRITOIRES / "epci-53.json")
    assert len(communes) == 240
    assert {c["departement"] for c in communes} == {"53"}
    assert len(epcis) == 10
    assert all(c["epci"] for c in communes)
    assert sum(len(e["membres_53"]) for e in epcis) == 240


def test_bouessay_belongs_to_a_sarthe_epci():
    communes, epcis = read_territoires(TERRITOIRES / "communes-53.json", TERRITOIRES / "epci-53.json")
    bouessay = next(c for c in communes if c["code"] == "53037")
    assert bouessay["nom"] == "Bouessay"
    sabolien = next(e for e in epcis if e["code"] == bouessay["epci"])
    assert sabolien["membres_53"] == ["53037"]
    assert any(not code.startswith("53") for code in sabolien["membres"])


def test_national_file_counts_and_loads(tmp_path):
    communes = read_json(TERRITOIRES / "communes-france.json.gz")
    epcis = read_json(TERRITOIRES / "epci-france.json.gz")
    assert len(communes) == 34969
    assert len({c["code"] for c in communes}) == 34969
    per_departement = Counter(c["departement"] for c in communes)
    assert per_departement["53"] == 240
    assert len(per_departement) >= 100

    engine = make_engine(f"sqlite:///{tmp_path / 'national.sqlite'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        upsert_territoires(session, communes, epcis)
        session.commit()
        assert session.scalar(select(func.count()).select_from(Commune)) == 34969
        assert session.scalar(select(func.count()).select_from(Epci)) == len(epcis)
        laval = session.get(Commune, "53130")
        assert laval.nom == "Laval" and laval.epci.code == "200083392"
