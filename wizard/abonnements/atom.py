"""Atom 1.0 (RFC 4287) serialisation of the news with the standard library's ElementTree (escaping done by it)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from wizard.models import Actualite

NS = "http://www.w3.org/2005/Atom"


def _date(value: dt.datetime) -> str:
    return value.replace(tzinfo=dt.UTC, microsecond=0).isoformat().replace("+00:00", "Z")


def flux_atom(items: Sequence[Actualite], titre: str, page: str, soi: str, base: str) -> bytes:
    """The feed document; entry ids are stable tag URIs built on the news number."""
    ET.register_namespace("", NS)
    feed = ET.Element(f"{{{NS}}}feed", {"xml:lang": "fr"})
    ET.SubElement(feed, f"{{{NS}}}title").text = titre
    ET.SubElement(feed, f"{{{NS}}}id").text = page
    ET.SubElement(feed, f"{{{NS}}}link", rel="alternate", type="text/html", href=page)
    ET.SubElement(feed, f"{{{NS}}}link", rel="self", type="application/atom+xml", href=soi)
    # An empty feed is "updated" now: Atom requires the element, and no news is not an old state.
    derniere = max((a.cree_le for a in items), default=None) or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    ET.SubElement(feed, f"{{{NS}}}updated").text = _date(derniere)
    auteur = ET.SubElement(feed, f"{{{NS}}}author")
    ET.SubElement(auteur, f"{{{NS}}}name").text = "Préfecture de la Mayenne — Carto Ingénierie 53"
    for a in items:
        entry = ET.SubElement(feed, f"{{{NS}}}entry")
        ET.SubElement(entry, f"{{{NS}}}title").text = a.titre
        ET.SubElement(entry, f"{{{NS}}}id").text = urljoin(base, f"/actualites#actualite-{a.id}")
        ET.SubElement(entry, f"{{{NS}}}link", rel="alternate", type="text/html", href=urljoin(base, a.chemin))
        ET.SubElement(entry, f"{{{NS}}}updated").text = _date(a.cree_le)
        if a.texte:
            ET.SubElement(entry, f"{{{NS}}}summary").text = a.texte
        for slug in a.thematiques or ():
            ET.SubElement(entry, f"{{{NS}}}category", term=slug)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
