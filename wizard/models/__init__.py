"""SQLAlchemy models; importing this package registers every table on Base.metadata."""
from wizard.models.compte import Invitation, Utilisateur, utilisateur_structure
from wizard.models.dispositif import Dispositif
from wizard.models.enquete import EnqueteBesoin, EnqueteConnaissance
from wizard.models.historique import Revision
from wizard.models.structure import (
    Contact,
    Offre,
    OffreTag,
    OffreTerritoire,
    Source,
    Structure,
)
from wizard.models.suggestion import Suggestion
from wizard.models.territoire import Commune, Epci

__all__ = [
    "Commune", "Contact", "Dispositif", "EnqueteBesoin", "EnqueteConnaissance", "Epci",
    "Offre", "OffreTag", "OffreTerritoire", "Source", "Structure", "Suggestion",
    "Invitation", "Revision", "Utilisateur", "utilisateur_structure",
]
