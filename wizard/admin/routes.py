"""Every back-office view, one module per managed resource: importing this module registers them on ``bp``."""
from wizard.admin import (
    access,
    bp,
    demandes,
    index,
    offres,
    parcours,
    parcours_plan,
    pilotage,
    qualite,
    structures,
    suggestions,
    utilisateurs,
)

__all__ = ["access", "bp", "demandes", "index", "offres", "parcours", "parcours_plan", "pilotage", "qualite",
           "structures", "suggestions", "utilisateurs"]
