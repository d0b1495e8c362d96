"""The OpenAPI 3.1 document (openapi.yaml beside this file), with the accepted slugs filled in.

The YAML says which parameter takes which vocabulary; the enums come from the running taxonomy and
parcours, so the document lists exactly the values the API accepts (and follows a reload).
"""
from __future__ import annotations

import copy
from pathlib import Path

from ruamel.yaml import YAML

from wizard.parcours_engine import Parcours
from wizard.taxonomy import Taxonomy

PATH = Path(__file__).with_name("openapi.yaml")
#: Shared filter parameters (components/parameters) → taxonomy vocabulary.
FILTER_VOCABULARIES = {"thematique": "thematiques", "besoin": "besoins", "stade": "stades",
                       "public": "types_collectivite", "cout": "couts"}


def load() -> dict:
    """The OpenAPI document as plain dicts and lists."""
    with PATH.open(encoding="utf-8") as fh:
        return YAML(typ="safe").load(fh)


DOCUMENT = load()


def document(taxonomy: Taxonomy, parcours: Parcours) -> dict:
    """DOCUMENT with each vocabulary parameter's ``enum``: the slugs the API accepts today.

    An empty value restricts nothing (as in the wizard's query strings), so "" is listed too,
    except for a required parameter.
    """
    doc = copy.deepcopy(DOCUMENT)
    for name, vocabulary in FILTER_VOCABULARIES.items():
        doc["components"]["parameters"][name]["schema"]["enum"] = ["", *taxonomy.slugs(vocabulary)]
    steps = {s.id: s for s in parcours.steps.values() if s.is_question and s.options}
    for parameter in doc["paths"]["/recommandations"]["get"]["parameters"]:
        step = steps.get(parameter["name"])
        if step is not None:
            empty = [] if parameter.get("required") else [""]
            parameter["schema"]["enum"] = [*empty, *(o.slug for o in step.options)]
    return doc
