"""The small maps of the commune page and of the structure fiche, drawn from the same outlines as
/cartographie/carte (wizard.cartographie.fond)."""
from __future__ import annotations

from wizard.cartographie.fond import PetiteCarte, contours, petite_carte
from wizard.models import Structure


def _tout() -> list[tuple[str, str]]:
    """The département as its EPCI (ten outlines draw it lighter than its 240 communes)."""
    return [("epci", code) for code in contours().epcis]


def carte_commune(code: str, nom: str, epci: str | None, epci_nom: str | None) -> PetiteCarte | None:
    """The commune (dark) inside its EPCI (light), on the département."""
    surlignees = ([("epci", epci)] if epci else []) + [("commune", code)]
    legende = f"{nom}, en bleu foncé" + (f", dans {epci_nom}, en bleu clair" if epci_nom else "")
    return petite_carte(_tout(), surlignees, legende + ".")


def territoires_structure(structure: Structure) -> list[tuple[str, str]]:
    """The (kind, code) outlines its offers cover: a département as all its EPCI."""
    codes = contours()
    found: dict[tuple[str, str], None] = {}
    for offre in structure.offres:
        for t in offre.territoires:
            if t.kind == "departement":
                for code, c in codes.epcis.items():
                    if any(m.startswith(t.code) for m in _communes_of(c)):
                        found[("epci", code)] = None
            elif t.kind in ("epci", "commune"):
                found[(t.kind, t.code)] = None
    return list(found)


def _communes_of(contour) -> list[str]:
    return [code for code, c in contours().communes.items() if c.proprietes.get("epci") == contour.code]


def carte_structure(structure: Structure) -> PetiteCarte | None:
    """Where the structure's offers apply, on the département; None when they name no drawn territory."""
    surlignees = territoires_structure(structure)
    if not surlignees:
        return None
    return petite_carte(_tout(), surlignees, "Territoire couvert par ses offres, en bleu.")
