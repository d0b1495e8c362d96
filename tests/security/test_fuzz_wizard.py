"""Hypothesis over the wizard and the API parameters: any query string, any form, never a 5xx.

Answers mix real slugs and codes (to go deep into the parcours) with junk (unknown keys, digits
that are not ASCII, huge numbers, control characters, repeats). Bounded: a few hundred requests.
"""
from __future__ import annotations

import shutil
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.security.fuzz_counts import COUNTS
from wizard import create_app
from wizard.runtime.active_parcours import current_parcours
from wizard.territoires.memoire import territoires

EXAMPLES = 300
JUNK = st.one_of(st.text(max_size=30), st.sampled_from(["²", "٣", "1" * 5000, "-1", "0x10", "\x00", "%", "../",
                                                        "<script>", "' OR 1=1 --", "\u202e", " ", ""]))


@pytest.fixture(scope="module")
def fuzz_client(loaded_sqlite, tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz-wizard") / "fuzz.sqlite"
    shutil.copy(loaded_sqlite, db)
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False, "PROPAGATE_EXCEPTIONS": False})
    with app.app_context():
        parcours, terr = current_parcours(), territoires()
        steps = [s for s in parcours.steps.values()]
        communes = sorted(c.code for c in terr.index.communes)[:60]
        epcis = sorted({c.epci for c in terr.index.communes if c.epci})
    values = {s.id: [o.slug for o in s.options] for s in steps if s.options}
    values["commune"], values["epci"] = communes, epcis
    return app.test_client(), [s.id for s in steps], values


def _answers(step_ids: list[str], values: dict[str, list[str]]):
    def value_for(key: str):
        real = st.sampled_from(values[key]) if values.get(key) else st.text(max_size=20)
        return st.one_of(real, real, JUNK)
    pair = st.sampled_from(step_ids + ["inconnu", "atelier", "etape", "recherche"]).flatmap(
        lambda key: st.tuples(st.just(key), value_for(key)))
    return st.lists(pair, max_size=10)


def test_wizard_steps_never_fail(fuzz_client):
    client, step_ids, values = fuzz_client

    @given(step=st.sampled_from([*step_ids, "inconnue", "suggestions-communes"]), query=_answers(step_ids, values),
           form=_answers(step_ids, values), post=st.booleans(), htmx=st.booleans())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(step, query, form, post, htmx):
        url = f"/parcours/{step}?{urlencode(query)}"
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.post(url, data=MultiDict(form), headers=headers) if post else client.get(url, headers=headers)
        COUNTS.record("hypothesis", response.status_code)
        assert response.status_code < 500, (url, form, post)

    check()


@pytest.mark.parametrize("path", ["/api/v1/recommandations", "/api/v1/communes", "/api/v1/structures",
                                  "/api/v1/structures.csv", "/api/v1/dispositifs.csv"])
def test_api_parameters_never_fail(fuzz_client, path):
    client, step_ids, values = fuzz_client
    keys = [*step_ids, "q", "limite", "public", "cout", "territoire", "separateur"]
    values = {**values, "limite": ["1", "10", "50", "51"], "q": ["la", "53", "Évron", "saint"],
              "territoire": ["53", *values["commune"][:5]], "separateur": ["virgule", "point-virgule"]}

    @given(query=_answers(keys, values))
    @settings(max_examples=EXAMPLES // 3, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(query):
        url = f"{path}?{urlencode(query)}"
        response = client.get(url)
        COUNTS.record("hypothesis", response.status_code)
        assert response.status_code < 500, url
        if response.status_code >= 400:
            assert response.mimetype == "application/json", url

    check()
