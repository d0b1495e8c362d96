"""The pure layers stay pure, and each domain idea is defined once."""
from __future__ import annotations

import ast
import re

import pytest

from wizard.config import ROOT

#: Modules of pure logic (no web framework, no database): the engine, the recommender and what they use.
PURE = ("wizard/parcours_engine", "wizard/recommender", "wizard/territoires/codes.py",
        "wizard/territoires/reference.py", "wizard/territoires/index.py", "wizard/text.py", "wizard/francais.py",
        "wizard/taxonomy.py", "wizard/territoires/contours.py", "wizard/cartographie/projection.py",
        "wizard/cartographie/dessin.py", "wizard/ateliers/synthese.py", "wizard/ateliers/codes.py",
        "wizard/parcours_plan/graphe.py", "wizard/parcours_plan/dessin.py", "wizard/parcours_plan/table.py")
FORBIDDEN = ("flask", "flask_wtf", "htmx_flask", "sqlalchemy", "werkzeug", "wtforms")


def _files(entry: str) -> list:
    path = ROOT / entry
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _imports(path) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            found.add(".".join(base + ([node.module] if node.module else [])))
    return found


def _is_pure(module: str) -> bool:
    path = module.replace(".", "/")
    return any(path == p.removesuffix(".py") or path.startswith(p + "/") for p in PURE)


@pytest.mark.parametrize("path", [f for entry in PURE for f in _files(entry)], ids=lambda p: p.name)
def test_pure_modules_import_no_framework_and_no_impure_module(path):
    for module in _imports(path):
        assert module.split(".")[0] not in FORBIDDEN, f"{path.name} importe {module}"
        if module.startswith("wizard"):
            assert _is_pure(module), f"{path.name} importe {module}, qui n'est pas pur"


def test_one_definition_per_domain_idea():
    sources = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "wizard").rglob("*.py")}
    assert [p for p, s in sources.items() if re.search(r"class Territoire\b", s)] == ["wizard/territoires/perimetre.py"]
    assert [p for p, s in sources.items() if "unicodedata.normalize(" in s] == ["wizard/text.py"]
    assert [p for p, s in sources.items() if "def stem(" in s] == ["wizard/text.py"]
    assert [p for p, s in sources.items() if "re.compile(r\"^(?:\\d{5}" in s] == ["wizard/territoires/codes.py"]
