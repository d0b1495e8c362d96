"""Between the back-office forms and the fiche's data-file shape (both directions)."""
from __future__ import annotations

import re
from typing import Any

from wizard.admin.forms import OffreForm, StructureForm
from wizard.admin.validators import split_codes
from wizard.dataload.mapping import CONTACT_FIELDS, SOURCE_FIELDS, TAG_KIND
from wizard.taxonomy import Taxonomy

STRUCTURE_SCALARS = ("nom", "sigle", "categorie", "niveau", "nature", "presentation", "site_web", "siege_commune")
INTERNE_FIELDS = ("confiance", "a_verifier")
OFFRE_TEXTS = ("titre", "role", "description", "conditions", "ne_fait_pas", "a_preparer")
TERRITOIRE_FIELDS = {"departements": "departements", "epcis": "epcis", "communes": "communes"}
VOCABULARY_OF = {"thematiques": "thematiques", "besoins": "besoins", "stades": "stades",
                 "publics": "types_collectivite", "profils": "profils"}


def _clean(value: Any) -> Any:
    """Form text → stored value: trimmed, and empty means unknown (null)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _words(text: str | None) -> list[str]:
    return [w for w in re.split(r"[\s,;]+", text or "") if w]


def structure_part(form: StructureForm, previous: dict[str, Any]) -> dict[str, Any]:
    """The part of the fiche edited by StructureForm (scalars, contacts, sources, internal notes)."""
    part: dict[str, Any] = {key: _clean(form[key].data) for key in STRUCTURE_SCALARS}
    part["presentation"] = part["presentation"] or ""
    part["faits_sources"] = _words(form.faits_sources.data)
    interne = dict(previous.get("interne") or {})
    interne.update({key: _clean(form[key].data) for key in INTERNE_FIELDS})
    part["interne"] = {k: v for k, v in interne.items() if v}
    part["contacts"] = []
    for e in form.contacts:
        c = e.form
        values = {k: _clean(c[k].data) for k in ("libelle", *CONTACT_FIELDS, "source")}
        if c.supprimer.data or not any(values[k] for k in CONTACT_FIELDS):
            continue  # the blank "add a contact" row, or a contact removed by the editor
        part["contacts"].append({**values, "libelle": values["libelle"] or "Contact"})
    part["sources"] = [{"id": _clean(e.form.id.data), **{k: _clean(e.form[k].data) for k in SOURCE_FIELDS}}
                       for e in form.sources if not e.form.supprimer.data and _clean(e.form.titre.data)]
    return part


def structure_form_data(fiche: dict[str, Any]) -> dict[str, Any]:
    """Initial data of StructureForm from a fiche, with one blank row to add a contact and a source."""
    data = {key: fiche.get(key) for key in STRUCTURE_SCALARS}
    data["faits_sources"] = " ".join(fiche.get("faits_sources") or [])
    data.update({key: (fiche.get("interne") or {}).get(key) for key in INTERNE_FIELDS})
    data["contacts"] = [dict(c) for c in fiche.get("contacts") or []] + [{}]
    data["sources"] = [dict(s) for s in fiche.get("sources") or []] + [{}]
    return data


def set_vocabulary_choices(form: OffreForm, taxonomy: Taxonomy) -> None:
    """Offer the taxonomy's terms as checkboxes (labels in French)."""
    for key, vocabulary in VOCABULARY_OF.items():
        form[key].choices = {t.slug: t.label for t in taxonomy.terms(vocabulary).values()}


def offre_from_form(form: OffreForm, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """One offer in the data-file shape; slugs already there keep their order (checkboxes come in taxonomy order)."""
    previous = previous or {}
    offre: dict[str, Any] = {"slug": form.slug.data.strip(), **{k: _clean(form[k].data) for k in OFFRE_TEXTS}}
    offre["description"] = offre["description"] or ""
    for key in TAG_KIND:
        chosen = list(dict.fromkeys(form[key].data or []))
        kept = [s for s in previous.get(key) or [] if s in chosen]
        offre[key] = kept + [s for s in chosen if s not in kept]
    offre["population_max"] = form.population_max.data
    offre["population_min"] = form.population_min.data
    offre["competence"] = bool(form.competence.data)
    offre["eligibilite"] = {k: v for k, v in (("dispositif", _clean(form.dispositif.data)),
                                              ("texte", _clean(form.eligibilite.data))) if v}
    offre["mots_cles"] = [m.strip() for m in (form.mots_cles.data or "").split(",") if m.strip()]
    offre["territoire"] = {key: split_codes(form[name].data) for key, name in TERRITOIRE_FIELDS.items()
                           if split_codes(form[name].data)}
    offre["cout"] = form.cout.data
    offre["sources"] = _words(form.sources.data)
    offre["formation"] = previous.get("formation") or {}
    offre["interne"] = {k: v for k, v in {**(previous.get("interne") or {}),
                                          "certitude": _clean(form.certitude.data)}.items() if v}
    return offre


def offre_form_data(offre: dict[str, Any]) -> dict[str, Any]:
    """Initial data of OffreForm from an offer of the fiche."""
    data = {k: offre.get(k) for k in ("slug", "population_max", "population_min", "cout", "competence",
                                      *OFFRE_TEXTS, *TAG_KIND)}
    territoire = offre.get("territoire") or {}
    for key, name in TERRITOIRE_FIELDS.items():
        data[name] = " ".join(territoire.get(key) or [])
    eligibilite = offre.get("eligibilite") or {}
    data["dispositif"], data["eligibilite"] = eligibilite.get("dispositif"), eligibilite.get("texte")
    data["mots_cles"] = ", ".join(offre.get("mots_cles") or [])
    data["sources"] = " ".join(offre.get("sources") or [])
    data["certitude"] = (offre.get("interne") or {}).get("certitude")
    return data


def with_offre(fiche: dict[str, Any], offre: dict[str, Any], replaced_slug: str | None) -> dict[str, Any]:
    """The fiche with ``offre`` replacing the offer ``replaced_slug`` (or appended when None)."""
    offres = [dict(o) for o in fiche.get("offres") or []]
    if replaced_slug is None:
        offres.append(offre)
    else:
        offres = [offre if o.get("slug") == replaced_slug else o for o in offres]
    return {**fiche, "offres": offres}


def nouvelle_fiche(form: Any) -> dict[str, Any]:
    """A new structure's fiche in the data-file shape: its presentation rests on the one source given."""
    source = {"id": _clean(form.source.form.id.data) or "source-presentation",
              **{k: _clean(form.source.form[k].data) for k in SOURCE_FIELDS}}
    return {"slug": _clean(form.slug.data), "nom": _clean(form.nom.data), "sigle": _clean(form.sigle.data),
            "categorie": form.categorie.data, "niveau": form.niveau.data, "nature": None,
            "presentation": _clean(form.presentation.data), "site_web": _clean(form.site_web.data),
            "siege_commune": None, "sources": [source], "faits_sources": [source["id"]], "contacts": [],
            "offres": []}
