"""The annuaire's search criteria: facets (data-driven), parsing of the query string, links."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.models import Commune, Epci
from wizard.taxonomy import Taxonomy

#: (URL parameter = OffreTag kind or "cout", legend, taxonomy vocabulary or closed list).
FACET_SPECS = (
    ("thematique", "Thématique", "thematiques"),
    ("besoin", "Type d'aide", "besoins"),
    ("stade", "Avancement du projet", "stades"),
    ("public", "Pour quel type de collectivité", "types_collectivite"),
    ("cout", "Coût", "couts"),
)
PAR_PAGE = 20


@dataclass(frozen=True)
class Facette:
    """A filter with a closed list of values (several may be ticked: any of them)."""

    name: str
    legend: str
    options: tuple[tuple[str, str], ...]  # (value, label)

    def label(self, value: str) -> str:
        return dict(self.options).get(value, value)


def facettes(taxonomy: Taxonomy) -> tuple[Facette, ...]:
    """The annuaire's facets, from the taxonomy and the cost list."""
    result = []
    for name, legend, vocabulary in FACET_SPECS:
        options = tuple((t.slug, t.label) for t in taxonomy.terms(vocabulary).values())
        result.append(Facette(name, legend, options))
    return tuple(result)


def territoire_options(session: Session) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(EPCI options, commune options) for the territory select: (code, label)."""
    epcis = [(e.code, e.nom) for e in session.scalars(select(Epci).order_by(Epci.nom))]
    communes = [(c.code, f"{c.nom} ({c.postcodes[0]})" if c.postcodes else c.nom)
                for c in session.scalars(select(Commune).order_by(Commune.nom, Commune.code))]
    return epcis, communes


@dataclass(frozen=True)
class Criteres:
    """What the visitor asked: words, ticked facet values, territory, page."""

    q: str = ""
    filtres: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    territoire: str = ""
    page: int = 1

    @property
    def actifs(self) -> bool:
        """True when any filter (facet or territory) is set."""
        return bool(self.territoire) or any(self.filtres.values())

    def args(self, **changes: object) -> dict[str, object]:
        """Query-string arguments for url_for (lists repeat the parameter); page reset to 1."""
        crit = replace(self, page=1, **changes)  # type: ignore[arg-type]
        args: dict[str, object] = {k: list(v) for k, v in crit.filtres.items() if v}
        if crit.q:
            args["q"] = crit.q
        if crit.territoire:
            args["territoire"] = crit.territoire
        if crit.page > 1:
            args["page"] = crit.page
        return args

    def sans(self, name: str, value: str | None = None) -> dict[str, object]:
        """Arguments without one facet value (or the whole facet, the territory, or the words)."""
        if name == "q":
            return self.args(q="")
        if name == "territoire":
            return self.args(territoire="")
        kept = tuple(v for v in self.filtres.get(name, ()) if value is not None and v != value)
        return self.args(filtres={**self.filtres, name: kept})

    def page_args(self, page: int) -> dict[str, object]:
        args = self.args()
        if page > 1:
            args["page"] = page
        return args


def parse_criteres(args: Mapping, taxonomy: Taxonomy) -> Criteres:
    """Criteria from a query string; unknown facet values and bad numbers are dropped, not fatal."""
    filtres = {}
    for facette in facettes(taxonomy):
        known = {v for v, _ in facette.options}
        values = args.getlist(facette.name) if hasattr(args, "getlist") else args.get(facette.name, [])
        filtres[facette.name] = tuple(dict.fromkeys(v for v in values if v in known))
    try:
        page = max(1, min(int(args.get("page", 1)), 10_000))
    except (TypeError, ValueError):
        page = 1
    territoire = "".join(ch for ch in str(args.get("territoire", "")) if ch.isalnum())[:9]
    return Criteres(q=str(args.get("q", "")).strip()[:200], filtres=filtres, territoire=territoire, page=page)
