"""SQLAlchemy models; importing this package registers every table on Base.metadata."""
from wizard.models.abonnement import Abonnement, Actualite, EtatSuivi
from wizard.models.atelier import (
    Atelier,
    AtelierConnaissance,
    AtelierIdee,
    AtelierParcours,
    AtelierParticipant,
    AtelierReponseStructures,
)
from wizard.models.compte import Invitation, TentativeConnexion, Utilisateur, utilisateur_structure
from wizard.models.courriel import Courriel
from wizard.models.demande import Demande, DemandeEvenement
from wizard.models.dispositif import Dispositif
from wizard.models.enquete import EnqueteBesoin, EnqueteConnaissance
from wizard.models.historique import Revision
from wizard.models.parcours_actif import ParcoursActif
from wizard.models.pilotage import Avis, Compteur
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
    "Abonnement", "Actualite", "EtatSuivi",
    "Avis", "Compteur", "Courriel", "Demande", "DemandeEvenement",
    "Atelier", "AtelierConnaissance", "AtelierIdee", "AtelierParcours", "AtelierParticipant",
    "AtelierReponseStructures",
    "Commune", "Contact", "Dispositif", "EnqueteBesoin", "EnqueteConnaissance", "Epci",
    "Offre", "OffreTag", "OffreTerritoire", "ParcoursActif", "Source", "Structure", "Suggestion",
    "Invitation", "Revision", "TentativeConnexion", "Utilisateur", "utilisateur_structure",
]
