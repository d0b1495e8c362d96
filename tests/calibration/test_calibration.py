"""Expert calibration: realistic requests, each saying who must (and must not) be on the list.

Two sets: the DDT engineering referent's (copied from ../shared/eval/calibration.yaml) and the
project's own, each citing the mission of the structures it expects. They run through the public
API, as any client would, with the checks of ../shared/eval/run_scenarios.py. The suite prints the
pass rate and the share of the most frequent structures in the first three places, and fails
below 90 %.
"""
from __future__ import annotations

import collections
from pathlib import Path
from urllib.parse import urlencode

import pytest
from ruamel.yaml import YAML

HERE = Path(__file__).parent
FILES = ("calibration-referent-ddt.yaml", "scenarios-projet.yaml")
SCENARIOS = [(name, sc) for name in FILES for sc in YAML(typ="safe").load((HERE / name).read_text())["scenarios"]]
MIN_RATE = 0.9


def check(client, scenario: dict) -> tuple[bool, list[str], str]:
    """(passed, slugs, what failed) for one scenario, exactly as run_scenarios.py judges it."""
    pairs = [(k, v) for k, vals in scenario["params"].items() for v in (vals if isinstance(vals, list) else [vals])]
    response = client.get("/api/v1/recommandations?" + urlencode(pairs))
    slugs = [s["slug"] for s in response.get_json()["structures"]] if response.status_code == 200 else []
    top = slugs[:5]
    missing = [g for g in scenario.get("must", []) if not set(g) & set(top)]
    unwanted = [s for s in scenario.get("must_not", []) if s in top]
    first = scenario.get("first")
    late = bool(first) and not set(first) & set(slugs[:scenario.get("first_n", 2)])
    ok = response.status_code == 200 and 1 <= len(slugs) <= 8 and not missing and not unwanted and not late
    why = f"manque {missing}" * bool(missing) + f" en trop {unwanted}" * bool(unwanted) + \
        f" premier attendu parmi {first}" * late
    return ok, slugs, why.strip()


@pytest.fixture(scope="module")
def calibration_client(loaded_sqlite, tmp_path_factory):
    import shutil

    from wizard import create_app
    db = tmp_path_factory.mktemp("calibration") / "app.sqlite"
    shutil.copy(loaded_sqlite, db)
    app = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "TESTING": True,
                      "RATELIMIT_ENABLED": False})
    return app.test_client()


def test_expert_scenarios_pass_at_90_percent(calibration_client, capsys):
    results = [(name, sc["id"], *check(calibration_client, sc)) for name, sc in SCENARIOS]
    passed = sum(ok for _, _, ok, _, _ in results)
    top3 = collections.Counter(s for *_, slugs, _ in results for s in slugs[:3])
    by_file = collections.Counter(name for name, _, ok, _, _ in results if ok)
    with capsys.disabled():
        print(f"\nCalibrage : {passed}/{len(results)} scénarios réussis ({passed / len(results):.0%}) — "
              + ", ".join(f"{name} {by_file[name]}/{sum(1 for n, _ in SCENARIOS if n == name)}" for name in FILES))
        print("Trois premières places : " + ", ".join(f"{s} {n / len(results):.0%}" for s, n in top3.most_common(5)))
        for _name, sid, ok, slugs, why in results:
            if not ok:
                print(f"  échec {sid} : {why} — liste {slugs}")
    assert passed / len(results) >= MIN_RATE


@pytest.mark.parametrize("name, scenario", SCENARIOS, ids=[sc["id"] for _, sc in SCENARIOS])
def test_every_scenario_states_why(name, scenario):
    """A scenario is a claim about real missions: it says why, and what must come first or not at all."""
    assert scenario.get("why", "").strip()
    assert scenario.get("must") or scenario.get("first")
