"""A session's territory from the creation form: the département, one EPCI, or a list of communes."""
from __future__ import annotations

from wizard.territoires.memoire import Territoires
from wizard.text import fold


def communes_saisies(terr: Territoires, saisie: str) -> tuple[list[str], list[str]]:
    """INSEE codes of the communes typed (names or codes, comma-separated), and what was not found."""
    codes: list[str] = []
    inconnues: list[str] = []
    for item in (s.strip() for s in saisie.replace(";", ",").split(",")):
        if not item:
            continue
        commune = terr.lookup.commune(item) if item.isdigit() else None
        if commune is None:
            exactes = [c for c in terr.rechercher(item, 20) if fold(c.nom) == fold(item)]
            commune = exactes[0] if len(exactes) == 1 else None
        if commune is None or commune.departement != terr.departement.code:
            inconnues.append(item)
        elif commune.code not in codes:
            codes.append(commune.code)
    return codes, inconnues


def libelle(terr: Territoires, type_: str, codes: list[str]) -> str:
    """The territory in words, for the pages."""
    if type_ == "epci" and codes:
        epci = terr.lookup.epcis.get(codes[0])
        return epci.nom if epci else codes[0]
    if type_ == "communes" and codes:
        noms = [c.nom if (c := terr.lookup.commune(code)) else code for code in codes]
        return ", ".join(noms[:8]) + (f" et {len(noms) - 8} autres" if len(noms) > 8 else "")
    return f"Département : {terr.departement.nom}"
