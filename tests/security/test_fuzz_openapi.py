"""Schemathesis against the OpenAPI document: generated requests for every documented operation.

Every answer must be documented (status, content type, schema) and none may be a 5xx. The number
of examples per operation is bounded so the whole run stays well under a minute in CI.
"""
from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.security.fuzz_counts import COUNTS
from wizard.api.openapi import DOCUMENT
from wizard.territoires.memoire import territoires

EXAMPLES = 50
OPERATIONS = [(method.upper(), path) for path, item in DOCUMENT["paths"].items() for method in item
              if method in ("get", "post", "put", "patch", "delete")]
#: Invalid data needs a query parameter to be invalid in (a path segment is any string).
WITH_PARAMETERS = [(m, p) for m, p in OPERATIONS if any(
    "$ref" in q or q.get("in") == "query" for q in DOCUMENT["paths"][p][m.lower()].get("parameters", ()))]
CASES = [(m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS]
CASES += [(m, p, GenerationMode.NEGATIVE) for m, p in WITH_PARAMETERS]


@pytest.fixture(scope="module")
def api_schema(loaded_sqlite, tmp_path_factory):
    from wizard import create_app

    db = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite"
    shutil.copy(loaded_sqlite, db)
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "RATELIMIT_ENABLED": False,
                      "PROPAGATE_EXCEPTIONS": False})
    with app.app_context():
        terr = territoires()
    communes = sorted(c.code for c in terr.index.communes)
    epcis = sorted({c.epci for c in terr.index.communes if c.epci})
    # Codes of the served territory: a well-formed code it does not cover is a documented 400.
    schemathesis.openapi.format("code-insee", st.sampled_from(communes))
    schemathesis.openapi.format("siren", st.sampled_from(epcis))
    schemathesis.openapi.format("code-territoire", st.sampled_from([terr.departement.code, *epcis, *communes]))
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("method,path,mode", CASES, ids=[f"{m} {p} {g.value}" for m, p, g in CASES])
def test_every_documented_operation_answers_as_documented(api_schema, method, path, mode):
    operation = api_schema.find_operation_by_path(method, path)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        # Uncompressed answers: the WSGI transport hands schemathesis the bytes as sent.
        response = case.call(headers={"Accept-Encoding": "identity"})
        COUNTS.record("schemathesis", response.status_code)
        assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query} → {response.status_code}"
        case.validate_response(response)

    check()
