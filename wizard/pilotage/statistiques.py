"""The figures of /admin/pilotage, computed from the aggregate counters, the requests and the anonymous answers.

Everything here reads the database and returns plain frozen rows; percentages are rounded to whole
numbers, None when their base is zero (never a made-up 0 %).
"""
from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wizard.api.publication import enquete_besoins
from wizard.models import Avis, Compteur, Demande
from wizard.parcours_engine import Parcours
from wizard.taxonomy import Taxonomy


@dataclass(frozen=True)
class Periode:
    """Inclusive days."""

    debut: dt.date
    fin: dt.date

    def mois(self) -> list[str]:
        """The months it covers, "AAAA-MM", in order."""
        out, jour = [], self.debut.replace(day=1)
        while jour <= self.fin:
            out.append(f"{jour:%Y-%m}")
            jour = (jour.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return out


def pourcentage(part: int, base: int) -> int | None:
    return round(100 * part / base) if base else None


def _sommes(session: Session, mesure: str, periode: Periode) -> Counter[str]:
    rows = session.execute(select(Compteur.cle, func.sum(Compteur.n)).where(
        Compteur.mesure == mesure, Compteur.jour >= periode.debut, Compteur.jour <= periode.fin)
        .group_by(Compteur.cle))
    return Counter({cle: int(n) for cle, n in rows})


def _par_mois(session: Session, mesure: str, periode: Periode) -> dict[str, Counter[str]]:
    rows = session.execute(select(Compteur.cle, Compteur.jour, Compteur.n).where(
        Compteur.mesure == mesure, Compteur.jour >= periode.debut, Compteur.jour <= periode.fin))
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for cle, jour, n in rows:
        out[cle][f"{jour:%Y-%m}"] += n
    return out


@dataclass(frozen=True)
class Etape:
    """One step of the parcours: how often it was shown, as a share of the first step's views."""

    id: str
    titre: str
    vues: int
    part: int | None


def abandon(session: Session, parcours: Parcours, periode: Periode) -> list[Etape]:
    """Views per step in the parcours' order, ending with the result pages (the finished parcours)."""
    vues = _sommes(session, "etape", periode)
    debut = vues.get(parcours.start, 0)
    lignes = [Etape(s.id, s.titre, vues.get(s.id, 0), pourcentage(vues.get(s.id, 0), debut))
              for s in parcours.steps.values() if s.kind != "resultats"]
    fin = _sommes(session, "resultats", periode).get("", 0)
    return [*lignes, Etape("resultats", "Résultats affichés", fin, pourcentage(fin, debut))]


@dataclass(frozen=True)
class Demandee:
    """A thématique or type of help: how many finished parcours asked for it, beside the survey's rate."""

    slug: str
    libelle: str
    n: int
    part: int | None
    enquete: int | None = None


def thematiques(session: Session, taxonomy: Taxonomy, periode: Periode) -> list[Demandee]:
    """Thématiques asked, in the survey table's order (then the others), with the survey's panel rate."""
    asked = _sommes(session, "thematique", periode)
    base = _sommes(session, "resultats", periode).get("", 0)
    rows, seen = [], set()
    for ligne in enquete_besoins(session):
        seen.add(ligne.thematique)
        rows.append(Demandee(ligne.thematique, taxonomy.label("thematiques", ligne.thematique),
                             asked.get(ligne.thematique, 0), pourcentage(asked.get(ligne.thematique, 0), base),
                             ligne.panel))
    for slug in taxonomy.terms("thematiques"):
        if slug not in seen:
            rows.append(Demandee(slug, taxonomy.label("thematiques", slug), asked.get(slug, 0),
                                 pourcentage(asked.get(slug, 0), base)))
    return rows


def besoins(session: Session, taxonomy: Taxonomy, periode: Periode) -> list[Demandee]:
    """Types of help asked, in the vocabulary's order."""
    asked = _sommes(session, "besoin", periode)
    base = _sommes(session, "resultats", periode).get("", 0)
    return [Demandee(slug, taxonomy.label("besoins", slug), asked.get(slug, 0), pourcentage(asked.get(slug, 0), base))
            for slug in taxonomy.terms("besoins")]


@dataclass(frozen=True)
class NonCouvert:
    """A (thématique, type of help) for which no specialist matched: result pages showing only the fallback."""

    thematique: str
    besoin: str
    libelle: str
    total: int
    par_mois: dict[str, int]


def non_couverts(session: Session, taxonomy: Taxonomy, periode: Periode) -> list[NonCouvert]:
    """Uncovered needs, most frequent first, with their count per month of the period."""
    series = _par_mois(session, "non_couvert", periode)
    rows = []
    for cle, mois in series.items():
        thematique, _, besoin = cle.partition("|")
        libelle = " — ".join(x for x in (taxonomy.label("thematiques", thematique) if thematique else "",
                                         taxonomy.label("besoins", besoin) if besoin else "") if x)
        rows.append(NonCouvert(thematique, besoin, libelle or "Non précisé", sum(mois.values()),
                               {m: mois.get(m, 0) for m in periode.mois()}))
    return sorted(rows, key=lambda r: (-r.total, r.libelle))


@dataclass(frozen=True)
class DemandesStructure:
    """Direct requests addressed to a structure (now), and how fast they got a first answer."""

    slug: str
    nom: str
    recues: int
    repondues: int
    en_attente: int
    delai_median_heures: float | None
    delai_moyen_heures: float | None


def demandes_par_structure(session: Session, periode: Periode) -> list[DemandesStructure]:
    """Requests sent in the period per structure, with the time to their first answer (hours)."""
    debut = dt.datetime.combine(periode.debut, dt.time.min)
    fin = dt.datetime.combine(periode.fin, dt.time.max)
    demandes = session.scalars(select(Demande).where(Demande.cree_le >= debut, Demande.cree_le <= fin))
    groupes: dict[tuple[str, str], list[Demande]] = defaultdict(list)
    for d in demandes:
        groupes[(d.structure.slug, d.structure.nom) if d.structure else ("", "Structure supprimée")].append(d)
    rows = []
    for (slug, nom), items in groupes.items():
        delais = []
        for d in items:
            first = next((e.quand for e in d.evenements if e.action == "reponse"), None)
            if first is not None:
                delais.append((first - d.cree_le).total_seconds() / 3600)
        rows.append(DemandesStructure(
            slug, nom, len(items), len(delais), sum(1 for d in items if d.statut in ("envoyee", "reorientee")),
            round(statistics.median(delais), 1) if delais else None,
            round(statistics.fmean(delais), 1) if delais else None))
    return sorted(rows, key=lambda r: (-r.recues, r.nom))


def demandes_non_couvertes(session: Session, periode: Periode) -> int:
    """Requests sent from a result page where no specialist matched."""
    debut = dt.datetime.combine(periode.debut, dt.time.min)
    fin = dt.datetime.combine(periode.fin, dt.time.max)
    return session.scalar(select(func.count()).select_from(Demande).where(
        Demande.non_couvert.is_(True), Demande.cree_le >= debut, Demande.cree_le <= fin)) or 0


@dataclass(frozen=True)
class AvisLigne:
    """Answers to "Cette liste vous aide-t-elle ?" for one thématique or one structure."""

    cle: str
    libelle: str
    oui: int
    en_partie: int
    non: int

    @property
    def total(self) -> int:
        return self.oui + self.en_partie + self.non


@dataclass(frozen=True)
class AvisSynthese:
    par_thematique: list[AvisLigne]
    par_structure: list[AvisLigne]
    total: AvisLigne
    commentaires: list[tuple[dt.date, str, str]]


def avis(session: Session, taxonomy: Taxonomy, noms: dict[str, str], periode: Periode,
         commentaires: int = 30) -> AvisSynthese:
    """The answers counted per thématique asked and per structure shown; the latest comments."""
    rows = list(session.scalars(select(Avis).where(Avis.jour >= periode.debut, Avis.jour <= periode.fin)
                                .order_by(Avis.jour.desc(), Avis.id.desc())))
    par_t: dict[str, Counter[str]] = defaultdict(Counter)
    par_s: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for a in rows:
        total[a.reponse] += 1
        for t in a.thematiques:
            par_t[t][a.reponse] += 1
        for s in a.structures:
            par_s[s][a.reponse] += 1

    def ligne(cle: str, libelle: str, c: Counter[str]) -> AvisLigne:
        return AvisLigne(cle, libelle, c["oui"], c["en_partie"], c["non"])

    return AvisSynthese(
        sorted((ligne(t, taxonomy.label("thematiques", t), c) for t, c in par_t.items()),
               key=lambda r: (-r.total, r.libelle)),
        sorted((ligne(s, noms.get(s, s), c) for s, c in par_s.items()), key=lambda r: (-r.total, r.libelle)),
        ligne("", "Toutes les réponses", total),
        [(a.jour, a.reponse, a.commentaire) for a in rows if a.commentaire][:commentaires])
