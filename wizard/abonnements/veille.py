"""What is new since the last run: programmes added, changed or closing within three months, new structures
and offers. The state of the last run is kept as fingerprints, so a data reload (which recreates rows) is
not news, only a real difference is.
"""
from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from wizard.models import Actualite, Dispositif, EtatSuivi, Offre, Structure

#: How far ahead a programme's end is announced.
HORIZON_CLOTURE = dt.timedelta(days=92)


@dataclass(frozen=True)
class Suivi:
    """One followed item: its fingerprint and what a news item about it would say."""

    empreinte: str
    titre: str
    texte: str
    chemin: str
    thematiques: tuple[str, ...] = ()
    territoires: tuple[str, ...] = field(default=())


def _empreinte(*values: object) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def fin_effective(fin: str | None) -> dt.date | None:
    """The last day a programme runs: "2026" → 31/12/2026, "2026-06" → 30/06/2026."""
    if not fin:
        return None
    try:
        parts = [int(p) for p in str(fin).split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def libelle_fin(fin: str) -> str:
    """The end as precisely as published, never more: "le 30/06/2026", "en 06/2026", "en 2026"."""
    parts = fin.split("-")
    if len(parts) == 3:
        return f"le {parts[2]}/{parts[1]}/{parts[0]}"
    return f"en {parts[1]}/{parts[0]}" if len(parts) == 2 else f"en {parts[0]}"


def etat_courant(session: Session) -> dict[str, Suivi]:
    """Every programme, structure and offer in the database, keyed "dispositif:x", "structure:x", "offre:x/y"."""
    suivis: dict[str, Suivi] = {}
    for d in session.scalars(select(Dispositif)):
        listees = bool((d.eligibilite or {}).get("communes_listees"))
        suivis[f"dispositif:{d.slug}"] = Suivi(
            _empreinte(d.nom, d.description, d.debut, d.fin, d.fin_statut, d.eligibilite, d.thematiques,
                       d.communes, d.prochaines_echeances, d.successeur),
            d.nom, d.description or "", f"/dispositifs#dispositif-{d.slug}", tuple(d.thematiques or ()),
            tuple(d.communes or ()) if listees else ())
    structures = session.scalars(select(Structure).options(
        selectinload(Structure.offres).selectinload(Offre.tags),
        selectinload(Structure.offres).selectinload(Offre.territoires)))
    for s in structures:
        sujets: set[str] = set()
        zones: set[str] = set()
        for o in s.offres:
            thematiques, codes = tuple(o.slugs("thematique")), tuple(t.code for t in o.territoires)
            sujets.update(thematiques)
            zones.update(codes)
            suivis[f"offre:{s.slug}/{o.slug}"] = Suivi(
                _empreinte(o.titre, o.description, o.role, thematiques, codes), f"{s.sigle or s.nom} : {o.titre}",
                o.description or "", f"/structures/{s.slug}#offre-{o.slug}", thematiques, codes)
        suivis[f"structure:{s.slug}"] = Suivi(_empreinte(s.nom), s.nom, s.presentation or "", f"/structures/{s.slug}",
                                              tuple(sorted(sujets)), tuple(sorted(zones)))
    return suivis


def relever(session: Session, today: dt.date) -> list[Actualite]:
    """Compare with the last run, record the news (caller commits); the very first run only records the state."""
    anciens = {e.cle: e.empreinte for e in session.scalars(select(EtatSuivi))}
    courant = etat_courant(session)
    premiere = not anciens
    nouvelles: list[Actualite] = []

    def annoncer(kind: str, cle: str, suivi: Suivi, titre: str) -> None:
        nouvelles.append(Actualite(kind=kind, cle=cle, titre=titre, texte=suivi.texte, chemin=suivi.chemin,
                                   thematiques=list(suivi.thematiques), territoires=list(suivi.territoires)))

    for cle, suivi in courant.items():
        kind, _, slug = cle.partition(":")
        avant = anciens.get(cle)
        if premiere or avant == suivi.empreinte:
            continue
        if kind == "dispositif":
            annoncer("nouveau-dispositif" if avant is None else "dispositif-modifie", slug, suivi,
                     f"{'Nouveau dispositif' if avant is None else 'Dispositif mis à jour'} : {suivi.titre}")
        elif kind == "structure" and avant is None:
            annoncer("nouvelle-structure", slug, suivi, f"Nouvelle structure : {suivi.titre}")
        elif kind == "offre" and avant is None and f"structure:{slug.split('/')[0]}" in anciens:
            # The offers of a new structure are told with it.
            annoncer("nouvelle-offre", slug, suivi, f"Nouvelle offre : {suivi.titre}")
    # A programme's close is told once, when it comes within the horizon (the first run included).
    for d in session.scalars(select(Dispositif)):
        fin = fin_effective(d.fin)
        cle = f"cloture:{d.slug}"
        if fin and today <= fin <= today + HORIZON_CLOTURE and cle not in anciens:
            suivi = courant[f"dispositif:{d.slug}"]
            annoncer("cloture-proche", d.slug, suivi, f"Se termine {libelle_fin(str(d.fin))} : {d.nom}")
            courant[cle] = Suivi(fin.isoformat(), "", "", "")
        elif cle in anciens:
            courant[cle] = Suivi(anciens[cle], "", "", "")
    session.execute(delete(EtatSuivi))
    session.add_all(EtatSuivi(cle=cle, empreinte=s.empreinte) for cle, s in courant.items())
    session.add_all(nouvelles)
    return nouvelles
