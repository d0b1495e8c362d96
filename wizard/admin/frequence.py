"""How often each structure is recommended over a grid of typical requests (the dashboard's order)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from wizard.orientation.service import recommander
from wizard.recommender import Rules
from wizard.runtime.fingerprint import fingerprint, memo
from wizard.territoires.memoire import Territoires


def frequence_recommandation(session: Session, rules: Rules, terr: Territoires) -> dict[str, int]:
    """slug → shortlists it appears in, over every thématique × type of help for the most populous
    commune of each EPCI (key "" : the number of requests); memoised until the content changes."""
    def compute() -> dict[str, int]:
        taxonomy = rules.termes
        communes = {}
        for c in terr.lookup.communes.values():
            if c.departement == terr.departement.code and c.epci and (
                    c.epci not in communes or (c.population or 0) > (communes[c.epci].population or 0)):
                communes[c.epci] = c
        counts: dict[str, int] = {"": 0}
        for commune in communes.values():
            for theme in taxonomy.get("thematiques", {}):
                for besoin in [None, *taxonomy.get("besoins", {})]:
                    answers = {"type_collectivite": ("commune",), "commune": (commune.code,),
                               "thematique": (theme,), "profil": ("elu",)}
                    if besoin:
                        answers["besoin"] = (besoin,)
                    counts[""] += 1
                    for r in recommander(session, rules, terr, answers).recommandations:
                        counts[r.structure.slug] = counts.get(r.structure.slug, 0) + 1
        return counts
    return memo(fingerprint(session), ("frequence", id(rules)), compute)
