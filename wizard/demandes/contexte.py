"""What a request attaches from the parcours: the answers in the query string, replayed as the result page does."""
from __future__ import annotations

from flask import url_for
from sqlalchemy.orm import Session

from wizard.demandes.service import Pieces
from wizard.orientation.liens import grouped
from wizard.orientation.replay import contexte, etat_courant, query_too_long, rules
from wizard.orientation.service import recommander
from wizard.parcours_engine import recommendation_answers, summary
from wizard.pilotage.couverture import non_couvert


def pieces_du_parcours(session: Session) -> Pieces | None:
    """The answers, permalink and outcome of the current URL's parcours; None without a complete one."""
    if query_too_long():
        return None
    parcours, terr = contexte()
    state = etat_courant(parcours, terr)
    if not state.complete:
        return None
    orientation = recommander(session, rules(), terr, recommendation_answers(parcours, state))
    demande = orientation.demande
    rows = summary(parcours, state, terr.lookup)
    return Pieces(
        reponses=[{"titre": r.titre, "valeurs": list(r.valeurs)} for r in rows],
        permalien=url_for("orientation.resultats", _external=True, **grouped(state.query())),
        thematiques=sorted(demande.thematiques), besoin=demande.besoin,
        non_couvert=non_couvert(orientation.recommandations),
        commune=demande.commune_nom or demande.epci_nom, territoire_code=demande.commune or demande.epci)
