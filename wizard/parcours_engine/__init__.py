"""The parcours engine: load, validate and compile parcours/*.yaml, then replay answers.

Pure Python (no Flask). Typical use::

    parcours = compile_parcours(Path("parcours"), taxonomy)      # at start-up
    state = replay(parcours, request.args.to_dict(flat=False), territories)
"""
from ..territoires.reference import (
                      CommuneInfo,
                      EpciInfo,
                      InMemoryTerritories,
                      Reference,
                      TerritoryLookup,
)
from .compiler import build, check, compile_parcours
from .conditions import evaluate
from .errors import Issue, ParcoursError
from .lexicon import Lexicon, phrase
from .model import Branch, Option, Parcours, Step
from .predicates import PREDICATES, predicate
from .runtime import (
                      Progress,
                      State,
                      SummaryRow,
                      answer_labels,
                      check_answer,
                      initial_values,
                      progress,
                      recommendation_answers,
                      replay,
                      submit,
                      suggestions,
                      summary,
)

__all__ = [
    "build", "check", "compile_parcours", "evaluate", "Issue", "ParcoursError", "Lexicon", "phrase",
    "Branch", "Option", "Parcours", "Step", "PREDICATES", "predicate", "CommuneInfo", "EpciInfo",
    "InMemoryTerritories", "Reference", "TerritoryLookup", "Progress", "State", "SummaryRow",
    "answer_labels", "check_answer", "initial_values", "progress", "recommendation_answers",
    "replay", "submit", "suggestions", "summary",
]
