"""Write the database's structures back into data/structures.yaml, keeping comments.

The existing file is loaded round-trip and only values that differ are
replaced, so an export with no edit gives back the same file.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from sqlalchemy import select
from sqlalchemy.orm import Session

from wizard.dataload.load import TAG_KIND, TERRITOIRE_KIND, as_date, text
from wizard.dataload.reader import read_yaml, round_trip_yaml
from wizard.models import Structure


def structure_to_dict(s: Structure) -> dict[str, Any]:
    """The data-file shape of one structure (also used to compare loads)."""
    return {
        "slug": s.slug, "nom": s.nom, "sigle": s.sigle, "categorie": s.categorie, "nature": s.nature,
        "presentation": s.presentation, "site_web": s.site_web, "siege_commune": s.siege_commune,
        "confiance": s.confiance, "verifie_le": s.verifie_le, "a_verifier": s.a_verifier,
        "sources": [_source(x) for x in s.sources],
        "contacts": [{
            "libelle": c.libelle, "telephone": c.telephone, "email": c.email, "adresse": c.adresse,
            "source": {"url": c.source_url, "date": c.source_date} if c.source_url else None,
            "a_verifier": c.a_verifier} for c in s.contacts],
        "offres": [{
            "slug": o.slug, "titre": o.titre, "description": o.description,
            **{key: o.slugs(kind) for key, kind in TAG_KIND.items()},
            "population_max": o.population_max,
            "territoire": {key: o.codes(kind) for key, kind in TERRITOIRE_KIND.items() if o.codes(kind)},
            "cout": o.cout, "conditions": o.conditions, "ne_fait_pas": o.ne_fait_pas,
            "a_preparer": o.a_preparer, "certitude": o.certitude,
            "sources": [_source(x) for x in o.sources]} for o in s.offres],
    }


def _source(x: Any) -> dict[str, Any]:
    return {"url": x.url, "date": x.date, "appuie": x.appuie}


def _same(old: Any, new: Any) -> bool:
    """Equal once YAML's typing is ignored (a year read as int, a date as date)."""
    if isinstance(new, dict):
        return isinstance(old, dict) and all(_same(old.get(k), v) for k, v in new.items()) \
            and all(k in new or old[k] in (None, [], {}) for k in old)
    if isinstance(new, list):
        return isinstance(old, list) and len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new))
    if new is None or old is None:
        return new is None and old is None or new in ([], {}) or old in ([], {})
    return text(old) == text(new) or as_date_safe(old) == as_date_safe(new)


def as_date_safe(value: Any) -> Any:
    try:
        return as_date(value)
    except (TypeError, ValueError):
        return value


def _merge(node: CommentedMap, new: dict[str, Any]) -> None:
    """Assign into ``node`` only the keys whose value changed, keeping layout and comments."""
    for key, value in new.items():
        if key in node and _same(node[key], value):
            continue
        if key not in node and value in (None, [], {}):
            continue
        node[key] = value


def export_structures(session: Session, path: Path) -> str:
    """Return the YAML text of ``path`` updated from the database."""
    doc = read_yaml(path)
    items: CommentedSeq = doc["structures"]
    rows = {s.slug: s for s in session.scalars(select(Structure).order_by(Structure.slug))}
    by_slug = {node["slug"]: node for node in items}
    for i in reversed(range(len(items))):
        if items[i]["slug"] not in rows:
            del items[i]
    for slug, row in rows.items():
        new = structure_to_dict(row)
        if slug in by_slug:
            _merge(by_slug[slug], new)
        else:
            items.append(CommentedMap(new))
    out = io.StringIO()
    round_trip_yaml().dump(doc, out)
    return out.getvalue()
