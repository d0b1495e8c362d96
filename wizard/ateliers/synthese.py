"""The room's figures, computed from plain records: pure Python, no Flask, no database.

Percentages follow the survey's definition (share of respondents who express a need on a
thématique, who know a structure): the base is the participants who did the activity, and a
participant counts once per thématique however many parcours they finished.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ParcoursFait:
    """One finished parcours, as recorded."""

    participant: int
    thematiques: tuple[str, ...]
    besoin: str | None
    structures: tuple[str, ...]
    non_couvert: bool
    stade: str | None = None


@dataclass(frozen=True)
class Barre:
    """One bar: how many participants, their share of the base (%), and the survey's share if known."""

    cle: str
    libelle: str
    nombre: int
    pourcentage: int
    enquete: int | None = None


@dataclass(frozen=True)
class Demande:
    """A kind of request nobody specialised answered (labels), and how many parcours asked it."""

    thematiques: tuple[str, ...]
    besoin: str | None
    nombre: int


@dataclass(frozen=True)
class Tableau:
    """Everything the dashboard shows, in display order."""

    nb_participants: int
    nb_avec_parcours: int
    nb_parcours: int
    thematiques: tuple[Barre, ...]
    besoins: tuple[Barre, ...]
    nb_repondants_structures: int
    connues: tuple[Barre, ...]
    recommandees: tuple[Barre, ...]
    non_couverts: tuple[Demande, ...]
    nb_non_couverts: int


def pourcentage(nombre: int, base: int) -> int:
    """``nombre`` out of ``base`` in whole percent, halves rounded up (as a survey table prints them)."""
    if base <= 0:
        return 0
    return (200 * nombre + base) // (2 * base)


def _barres(comptes: Counter, base: int, libelles: Mapping[str, str], enquete: Mapping[str, int],
            ordre: Sequence[str] | None = None) -> tuple[Barre, ...]:
    """Bars sorted by count (then the vocabulary's order), only for keys someone chose."""
    rang = {k: i for i, k in enumerate(ordre or libelles)}
    keys = sorted((k for k, n in comptes.items() if n), key=lambda k: (-comptes[k], rang.get(k, len(rang)), k))
    return tuple(Barre(k, libelles.get(k, k), comptes[k], pourcentage(comptes[k], base), enquete.get(k))
                 for k in keys)


def calculer(nb_participants: int, parcours: Iterable[ParcoursFait],
             connaissances: Mapping[int, Iterable[str]], *,
             thematiques: Mapping[str, str], besoins: Mapping[str, str], structures: Mapping[str, str],
             items_connus: Mapping[str, str], enquete_besoins: Mapping[str, int],
             enquete_connaissance: Mapping[str, int], top: int = 8) -> Tableau:
    """The dashboard's figures.

    :param connaissances: participant → keys of the items they know, for every participant who
        answered "Les structures que je connais" (an empty set counts in the base).
    :param items_connus: key → label of the items listed in that activity (the survey's lines).
    """
    parcours = list(parcours)
    par_participant_theme: dict[int, set[str]] = {}
    par_participant_besoin: dict[int, set[str]] = {}
    recommandees: Counter = Counter()
    non_couverts: Counter = Counter()
    for p in parcours:
        par_participant_theme.setdefault(p.participant, set()).update(p.thematiques)
        if p.besoin:
            par_participant_besoin.setdefault(p.participant, set()).add(p.besoin)
        else:
            par_participant_besoin.setdefault(p.participant, set())
        recommandees.update(dict.fromkeys(p.structures, 1))
        if p.non_couvert:
            non_couverts[(tuple(sorted(p.thematiques, key=_rang(thematiques))), p.besoin)] += 1
    base = len(par_participant_theme)
    themes = Counter(t for ts in par_participant_theme.values() for t in ts)
    aides = Counter(b for bs in par_participant_besoin.values() for b in bs)
    connues = Counter(k for ks in connaissances.values() for k in set(ks))
    nb_parcours = len(parcours)
    return Tableau(
        nb_participants=nb_participants, nb_avec_parcours=base, nb_parcours=nb_parcours,
        thematiques=_barres(themes, base, thematiques, enquete_besoins),
        besoins=_barres(aides, base, besoins, {}),
        nb_repondants_structures=len(connaissances),
        connues=_connues(connues, len(connaissances), items_connus, enquete_connaissance),
        recommandees=_barres(recommandees, nb_parcours, structures, {})[:top],
        non_couverts=tuple(
            Demande(tuple(thematiques.get(t, t) for t in k[0]), besoins.get(k[1], k[1]) if k[1] else None, n)
            for k, n in sorted(non_couverts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1] or ""))),
        nb_non_couverts=sum(non_couverts.values()))


def _rang(libelles: Mapping[str, str]):
    ordre = {k: i for i, k in enumerate(libelles)}
    return lambda k: (ordre.get(k, len(ordre)), k)


def _connues(comptes: Counter, base: int, items: Mapping[str, str], enquete: Mapping[str, int]) -> tuple[Barre, ...]:
    """Every listed item, in the survey's order, known by none or some: a structure nobody knows is news."""
    return tuple(Barre(k, label, comptes.get(k, 0), pourcentage(comptes.get(k, 0), base), enquete.get(k))
                 for k, label in items.items())


@dataclass(frozen=True)
class LigneComparee:
    """One label across two sessions: each one's share (None when nobody chose it there), the survey's."""

    libelle: str
    a: int | None
    b: int | None
    enquete: int | None


def comparer(a: Sequence[Barre], b: Sequence[Barre]) -> tuple[LigneComparee, ...]:
    """The bars of two sessions as rows, by the larger share first (the survey's figure kept)."""
    par_a = {x.cle: x for x in a}
    par_b = {x.cle: x for x in b}
    cles = list(dict.fromkeys([*par_a, *par_b]))
    lignes = [LigneComparee((par_a.get(k) or par_b[k]).libelle,
                            par_a[k].pourcentage if k in par_a else None,
                            par_b[k].pourcentage if k in par_b else None,
                            (par_a.get(k) or par_b[k]).enquete) for k in cles]
    return tuple(sorted(lignes, key=lambda x: -max(x.a or 0, x.b or 0)))
