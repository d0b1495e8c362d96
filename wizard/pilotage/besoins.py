"""What a result page tells the steering: the thématiques and type of help asked, and whether anything matched."""
from __future__ import annotations

import threading
from collections import OrderedDict

from flask import request

from wizard.db import get_session
from wizard.orientation.replay import contexte, etat_courant, query_too_long, rules
from wizard.orientation.service import recommander
from wizard.parcours_engine import recommendation_answers
from wizard.pilotage.couverture import cles_non_couvertes, non_couvert
from wizard.runtime.active_parcours import version_courante

#: Result URLs already measured: a permalink reloaded (or served by the page cache) is not replayed again.
_memo: OrderedDict[tuple, tuple[tuple[str, str], ...]] = OrderedDict()
_lock = threading.Lock()
TAILLE = 1024


def mesures_du_resultat() -> tuple[tuple[str, str], ...]:
    """The (measure, key) counts of the current result page, for the content version the page was built on."""
    key = (request.full_path, version_courante())
    with _lock:
        found = _memo.get(key)
        if found is not None:
            _memo.move_to_end(key)
            return found
    found = _mesurer()
    with _lock:
        _memo[key] = found
        if len(_memo) > TAILLE:
            _memo.popitem(last=False)
    return found


def _mesurer() -> tuple[tuple[str, str], ...]:
    if query_too_long():
        return ()
    parcours, terr = contexte()
    state = etat_courant(parcours, terr)
    if not state.complete:
        return ()
    # The same shortlist the page showed: the recommender memoises it on the answers.
    orientation = recommander(get_session(), rules(), terr, recommendation_answers(parcours, state))
    demande = orientation.demande
    items = [("resultats", "")]
    items += [("thematique", t) for t in sorted(demande.thematiques)]
    if demande.besoin:
        items.append(("besoin", demande.besoin))
    if non_couvert(orientation.recommandations):
        items += [("non_couvert", k) for k in cles_non_couvertes(demande.thematiques, demande.besoin)]
    return tuple(items)
