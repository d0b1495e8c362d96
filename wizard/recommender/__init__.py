"""The recommender: score structures' offers against the answers, explain in French.

Pure Python (no Flask). Typical use::

    rules = compile_rules(Path("parcours"), taxonomy, parcours)   # at start-up
    catalog = load_catalog(Path("data/structures.yaml"))          # or built from the DB
    demande = demande_from_answers(answers, territories, "53")  # the served département
    shortlist = recommend(catalog, rules, demande, territories)
"""
from .catalog import (
                      Catalog,
                      ContactCard,
                      OffreCard,
                      StructureCard,
                      catalog_from_records,
                      load_catalog,
                      offre_from_record,
                      structure_from_record,
)
from .demande import Demande, demande_from_answers
from .rules import (
                      Rule,
                      Rules,
                      Weights,
                      check_all,
                      check_rules,
                      check_rules_catalog,
                      compile_rules,
)
from .shortlist import Recommendation, recommend

__all__ = [
    "Catalog", "ContactCard", "OffreCard", "StructureCard", "catalog_from_records", "load_catalog",
    "offre_from_record", "structure_from_record", "Demande", "demande_from_answers", "Rule", "Rules",
    "Weights", "check_all", "check_rules", "check_rules_catalog", "compile_rules", "Recommendation", "recommend",
]
