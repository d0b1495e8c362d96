"""Between the back-office forms and the fiche's data-file shape (both directions)."""
from __future__ import annotations

from typing import Any

from wizard.admin.forms import OffreForm, StructureForm
from wizard.admin.validators import split_codes
from wizard.dataload.mapping import TAG_KIND
from wizard.taxonomy import Taxonomy

STRUCTURE_SCALARS = ("nom", "sigle", "categorie", "nature", "presentation", "site_web", "siege_commune",
                     "confiance", "a_verifier")
OFFRE_TEXTS = ("titre", "description", "conditions", "ne_fait_pas", "a_preparer", "certitude")
TERRITOIRE_FIELDS = {"departements": "departements", "epcis": "epcis", "communes": "communes"}
VOCABULARY_OF = {"thematiques": "thematiques", "besoins": "besoins", "stades": "stades",
                 "publics": "types_collectivite"}


def _clean(value: Any) -> Any:
    """Form text → stored value: trimmed, and empty means unknown (null)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _sources(entries) -> list[dict[str, Any]]:
    return [{"url": _clean(e.url.data), "date": _clean(e.date.data), "appuie": _clean(e.appuie.data)}
            for e in entries if not e.supprimer.data and _clean(e.url.data)]


def structure_part(form: StructureForm) -> dict[str, Any]:
    """The part of the fiche edited by StructureForm (scalars, contacts, sources)."""
    part: dict[str, Any] = {key: _clean(form[key].data) for key in STRUCTURE_SCALARS}
    part["presentation"] = part["presentation"] or ""
    part["contacts"] = []
    for e in form.contacts:
        c = e.form
        values = {k: _clean(c[k].data) for k in ("libelle", "telephone", "email", "adresse", "source_url",
                                                  "source_date", "a_verifier")}
        if c.supprimer.data or not any(values.values()):
            continue  # the blank "add a contact" row, or a contact removed by the editor
        part["contacts"].append({
            "libelle": values["libelle"] or "Contact", "telephone": values["telephone"], "email": values["email"],
            "adresse": values["adresse"],
            "source": {"url": values["source_url"], "date": values["source_date"]} if values["source_url"] else None,
            "a_verifier": values["a_verifier"]})
    part["sources"] = _sources(f.form for f in form.sources)
    return part


def structure_form_data(fiche: dict[str, Any]) -> dict[str, Any]:
    """Initial data of StructureForm from a fiche, with one blank row to add a contact and a source."""
    data = {key: fiche.get(key) for key in STRUCTURE_SCALARS}
    data["contacts"] = [{
        "libelle": c.get("libelle"), "telephone": c.get("telephone"), "email": c.get("email"),
        "adresse": c.get("adresse"), "source_url": (c.get("source") or {}).get("url"),
        "source_date": (c.get("source") or {}).get("date"), "a_verifier": c.get("a_verifier")}
        for c in fiche.get("contacts") or []] + [{}]
    data["sources"] = list(fiche.get("sources") or []) + [{}]
    return data


def set_vocabulary_choices(form: OffreForm, taxonomy: Taxonomy) -> None:
    """Offer the taxonomy's terms as checkboxes (labels in French)."""
    for key, vocabulary in VOCABULARY_OF.items():
        form[key].choices = {t.slug: t.label for t in taxonomy.terms(vocabulary).values()}


def offre_from_form(form: OffreForm, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """One offer in the data-file shape; slugs already there keep their order (checkboxes come in taxonomy order)."""
    offre: dict[str, Any] = {"slug": form.slug.data.strip(), **{k: _clean(form[k].data) for k in OFFRE_TEXTS}}
    offre["description"] = offre["description"] or ""
    for key in TAG_KIND:
        chosen = list(dict.fromkeys(form[key].data or []))
        kept = [s for s in (previous or {}).get(key) or [] if s in chosen]
        offre[key] = kept + [s for s in chosen if s not in kept]
    offre["population_max"] = form.population_max.data
    offre["territoire"] = {key: split_codes(form[name].data) for key, name in TERRITOIRE_FIELDS.items()
                           if split_codes(form[name].data)}
    offre["cout"] = form.cout.data
    offre["sources"] = _sources(f.form for f in form.sources)
    return offre


def offre_form_data(offre: dict[str, Any]) -> dict[str, Any]:
    """Initial data of OffreForm from an offer of the fiche."""
    data = {k: offre.get(k) for k in ("slug", "population_max", "cout", *OFFRE_TEXTS, *TAG_KIND)}
    territoire = offre.get("territoire") or {}
    for key, name in TERRITOIRE_FIELDS.items():
        data[name] = " ".join(territoire.get(key) or [])
    data["sources"] = list(offre.get("sources") or []) + [{}]
    return data


def with_offre(fiche: dict[str, Any], offre: dict[str, Any], replaced_slug: str | None) -> dict[str, Any]:
    """The fiche with ``offre`` replacing the offer ``replaced_slug`` (or appended when None)."""
    offres = [dict(o) for o in fiche.get("offres") or []]
    if replaced_slug is None:
        offres.append(offre)
    else:
        offres = [offre if o.get("slug") == replaced_slug else o for o in offres]
    return {**fiche, "offres": offres}
