"""What the recommender is asked: the answers, resolved to territory facts."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from ..territoires.codes import departement_of
from ..territoires.reference import TerritoryLookup

Answers = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Demande:
    """One answer set, with the commune's EPCI, département and population looked up."""

    thematiques: frozenset[str] = frozenset()
    besoin: str | None = None
    stade: str | None = None
    type_collectivite: str | None = None
    profil: str | None = None
    #: The project in the asker's words (it may name what a narrow offer is about).
    projet: str | None = None
    commune: str | None = None
    commune_nom: str | None = None
    epci: str | None = None
    epci_nom: str | None = None
    departement: str | None = None
    #: The département's name with its article ("la Mayenne") when the deployment names it.
    departement_nom: str | None = None
    population: int | None = None
    #: An EPCI asking: its member communes and their total population (programmes' eligibility).
    membres: tuple[str, ...] = ()
    epci_population: int | None = None
    #: The raw answers by step id, for the ``si:`` of the YAML rules.
    answers: Answers = field(default_factory=lambda: MappingProxyType({}))


def _first(answers: Mapping[str, Sequence[str]], key: str) -> str | None:
    values = [v for v in answers.get(key) or () if v]
    return values[0] if values else None


def demande_from_answers(answers: Mapping[str, Sequence[str]], territories: TerritoryLookup | None = None,
                         departement_defaut: str | None = None) -> Demande:
    """Build a Demande from answers keyed like the URL/API (thematique may repeat)."""
    clean = MappingProxyType({k: tuple(v for v in vals if v) for k, vals in answers.items()})
    commune_code, epci_code = _first(clean, "commune"), _first(clean, "epci")
    commune_nom = epci_nom = epci_population = None
    population = None
    membres: tuple[str, ...] = ()
    departement = departement_defaut
    if commune_code is not None:
        departement = departement_of(commune_code)
        info = territories.commune(commune_code) if territories is not None else None
        if info is not None:
            commune_nom, population, departement = info.nom, info.population, info.departement
            # The commune's own EPCI wins over a separately given one: it is a fact, not a choice.
            epci_code = info.epci or epci_code
    if epci_code is not None and territories is not None:
        epci = territories.epci(epci_code)
        if epci is not None:
            epci_nom = epci.nom
            if commune_code is None:
                departement = _main_departement(epci.membres, territories) or departement
                membres = epci.membres
                known = [c.population for code in membres if (c := territories.commune(code)) is not None]
                epci_population = sum(p for p in known if p) or None
    named = territories.departement(departement) if territories is not None and departement else None
    return Demande(
        departement_nom=named.avec_article if named is not None else None,
        thematiques=frozenset(clean.get("thematique", ())), besoin=_first(clean, "besoin"),
        stade=_first(clean, "stade"), type_collectivite=_first(clean, "type_collectivite"),
        profil=_first(clean, "profil"), projet=_first(clean, "projet"), commune=commune_code, commune_nom=commune_nom,
        epci=epci_code, epci_nom=epci_nom, departement=departement, population=population,
        membres=membres, epci_population=epci_population,
        answers=clean)


def _main_departement(membres: Sequence[str], territories: TerritoryLookup) -> str | None:
    """The département holding most of an EPCI's known member communes."""
    counts = Counter(c.departement for code in membres if (c := territories.commune(code)) is not None)
    return counts.most_common(1)[0][0] if counts else None
