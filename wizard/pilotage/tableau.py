"""Everything /admin/pilotage shows for a period, and the same figures as CSV rows."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.models import Structure
from wizard.parcours_engine import Parcours
from wizard.pilotage import statistiques as st
from wizard.pilotage.graphiques import Graphique, barres
from wizard.taxonomy import Taxonomy


@dataclass(frozen=True)
class Pilotage:
    periode: st.Periode
    etapes: list[st.Etape]
    thematiques: list[st.Demandee]
    besoins: list[st.Demandee]
    non_couverts: list[st.NonCouvert]
    demandes: list[st.DemandesStructure]
    demandes_non_couvertes: int
    avis: st.AvisSynthese

    @property
    def graphique_etapes(self) -> Graphique:
        return barres([(e.titre, e.vues) for e in self.etapes])

    @property
    def graphique_thematiques(self) -> Graphique:
        return barres([(t.libelle, t.n) for t in self.thematiques if t.n])

    @property
    def graphique_non_couverts(self) -> Graphique:
        """Uncovered needs per month, all groups together."""
        return barres([(m, sum(r.par_mois.get(m, 0) for r in self.non_couverts)) for m in self.periode.mois()])


def periode(args: Mapping[str, str], today: dt.date | None = None) -> tuple[st.Periode, str | None]:
    """The period in ``du``/``au`` (AAAA-MM-JJ), by default the last twelve months; a message if unreadable."""
    today = today or dt.date.today()
    defaut = st.Periode((today.replace(day=1) - dt.timedelta(days=335)).replace(day=1), today)
    try:
        debut = dt.date.fromisoformat(args["du"]) if args.get("du") else defaut.debut
        fin = dt.date.fromisoformat(args["au"]) if args.get("au") else defaut.fin
    except ValueError:
        return defaut, "Dates illisibles : indiquez-les au format AAAA-MM-JJ. Les douze derniers mois sont affichés."
    if debut > fin:
        return defaut, "La date de début est après la date de fin : les douze derniers mois sont affichés."
    return st.Periode(debut, fin), None


def pilotage(session: Session, parcours: Parcours, taxonomy: Taxonomy, p: st.Periode) -> Pilotage:
    """Compute every figure of the period."""
    noms = {slug: nom for slug, nom in session.execute(select(Structure.slug, Structure.nom))}
    return Pilotage(p, st.abandon(session, parcours, p), st.thematiques(session, taxonomy, p),
                    st.besoins(session, taxonomy, p), st.non_couverts(session, taxonomy, p),
                    st.demandes_par_structure(session, p), st.demandes_non_couvertes(session, p),
                    st.avis(session, taxonomy, noms, p))


ENTETE = ("indicateur", "cle", "libelle", "periode", "valeur")


def lignes_csv(t: Pilotage) -> Iterator[tuple[object, ...]]:
    """One row per figure: (indicator, key, label, period or month, value)."""
    tout = f"{t.periode.debut:%Y-%m-%d}/{t.periode.fin:%Y-%m-%d}"
    for e in t.etapes:
        yield ("vues_etape", e.id, e.titre, tout, e.vues)
    for d in t.thematiques:
        yield ("thematique_demandee", d.slug, d.libelle, tout, d.n)
    for d in t.besoins:
        yield ("besoin_demande", d.slug, d.libelle, tout, d.n)
    for r in t.non_couverts:
        for mois, n in r.par_mois.items():
            yield ("besoin_non_couvert", f"{r.thematique}|{r.besoin}", r.libelle, mois, n)
    for s in t.demandes:
        yield ("demandes_recues", s.slug, s.nom, tout, s.recues)
        yield ("demandes_repondues", s.slug, s.nom, tout, s.repondues)
        yield ("delai_median_reponse_heures", s.slug, s.nom, tout, "" if s.delai_median_heures is None
               else s.delai_median_heures)
    yield ("demandes_non_couvertes", "", "Demandes sans spécialiste correspondant", tout, t.demandes_non_couvertes)
    for groupe, rows in (("avis_thematique", t.avis.par_thematique), ("avis_structure", t.avis.par_structure)):
        for a in rows:
            for reponse in ("oui", "en_partie", "non"):
                yield (f"{groupe}_{reponse}", a.cle, a.libelle, tout, getattr(a, reponse))
