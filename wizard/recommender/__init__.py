"""The recommender: score structures' offers against the answers, explain in French, add the money.

Pure Python (no Flask). Typical use::

    rules = compile_rules(Path("parcours"), taxonomy, parcours)   # at start-up
    catalog = load_catalog(Path("data"))                          # or built from the DB
    demande = demande_from_answers(answers, territories, "53")    # the served département
    shortlist = recommend(catalog, rules, demande, territories)
    money = financements(catalog, demande)
"""
from .catalog import (
    Catalog,
    ContactCard,
    DispositifCard,
    OffreCard,
    StructureCard,
    catalog_from_records,
    dispositif_from_record,
    load_catalog,
    offre_from_record,
    structure_from_record,
)
from .demande import Demande, demande_from_answers
from .financements import Financement, financements
from .reasons import Raison
from .rules import Role, Rule, Rules, Weights, check_all, check_rules, check_rules_catalog, compile_rules
from .shortlist import Recommendation, recommend

__all__ = [
    "Catalog", "ContactCard", "DispositifCard", "OffreCard", "StructureCard", "catalog_from_records",
    "dispositif_from_record", "load_catalog", "offre_from_record", "structure_from_record", "Demande",
    "demande_from_answers", "Financement", "financements", "Raison", "Role", "Rule", "Rules", "Weights",
    "check_all", "check_rules", "check_rules_catalog", "compile_rules", "Recommendation", "recommend",
]
