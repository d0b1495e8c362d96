"""Back-office forms: a structure's fiche, an offer, moderation, parcours, accounts."""
from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from wizard.admin import validators as v

REQUIRED = "Ce champ est obligatoire."


def _closed_list(name: str):
    """Choices of a closed list of data/taxonomie.yaml, read when the form is built (one label per value)."""
    return lambda: [(t.slug, t.label) for t in current_app.extensions["taxonomy"].terms(name).values()]


class ContactForm(Form):
    """One contact; a blank row is ignored (it is the "add a contact" row)."""

    libelle = StringField("Libellé", validators=[Optional(), Length(max=200)],
                          description="Par exemple « Accueil », « Service urbanisme »")
    telephone = StringField("Téléphone", validators=[Optional(), v.phone], description="Format : 02 43 00 00 00")
    email = StringField("Adresse électronique", validators=[Optional(), v.email])
    adresse = TextAreaField("Adresse postale", validators=[Optional(), Length(max=500)])
    source_url = StringField("Source (adresse web)", validators=[Optional(), v.url],
                             description="Page publique où figure cette coordonnée")
    source_date = StringField("Date de la source", validators=[Optional(), v.date],
                              description="AAAA, AAAA-MM ou AAAA-MM-JJ")
    a_verifier = StringField("À vérifier", validators=[Optional(), Length(max=500)])
    supprimer = BooleanField("Supprimer ce contact")


class SourceForm(Form):
    """One public source; a blank row is ignored."""

    url = StringField("Adresse web", validators=[Optional(), v.url])
    date = StringField("Date", validators=[Optional(), v.date], description="AAAA, AAAA-MM ou AAAA-MM-JJ")
    appuie = StringField("Ce que la source appuie", validators=[Optional(), Length(max=500)])
    supprimer = BooleanField("Supprimer cette source")


class StructureForm(FlaskForm):
    """Presentation, contacts and sources of a structure."""

    version = HiddenField(validators=[InputRequired()])
    nom = StringField("Nom", validators=[DataRequired(REQUIRED), Length(max=300)])
    sigle = StringField("Sigle", validators=[Optional(), Length(max=80)])
    categorie = SelectField("Catégorie", validate_choice=False, choices=_closed_list("categories"))
    nature = TextAreaField("Nature juridique", validators=[Optional()])
    presentation = TextAreaField("Présentation", validators=[Optional(), Length(max=3000)],
                                 description="2 à 4 phrases simples, pour un maire")
    site_web = StringField("Site web", validators=[Optional(), v.url], description="https://…")
    siege_commune = StringField("Commune du siège (code INSEE)", validators=[Optional(), v.commune],
                                description="Par exemple 53130 pour Laval")
    confiance = SelectField("Niveau de confiance", validate_choice=False, choices=_closed_list("confiances"))
    a_verifier = TextAreaField("Points à vérifier", validators=[Optional()])
    contacts = FieldList(FormField(ContactForm), min_entries=1)
    sources = FieldList(FormField(SourceForm), min_entries=1)


def _vocabulary_field(label: str, vocabulary: str) -> SelectMultipleField:
    # Choices are filled per request from the taxonomy; validation is ours (French, with tampering refused).
    return SelectMultipleField(label, choices={}, validate_choice=False, validators=[v.taxonomy_slugs(vocabulary)])


class OffreForm(FlaskForm):
    """One offer of a structure: what, for whom, where, at what cost, with its sources."""

    version = HiddenField(validators=[InputRequired()])
    slug = StringField("Identifiant", validators=[DataRequired(REQUIRED), Length(max=80), v.slug],
                       description="Minuscules, chiffres et tirets ; stable (utilisé dans les adresses)")
    titre = StringField("Titre", validators=[DataRequired(REQUIRED), Length(max=300)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=3000)])
    thematiques = _vocabulary_field("Thématiques", "thematiques")
    besoins = _vocabulary_field("Types d'aide", "besoins")
    stades = _vocabulary_field("Stades du projet", "stades")
    publics = _vocabulary_field("Publics", "types_collectivite")
    population_max = IntegerField("Population maximale des communes aidées", validators=[
        Optional(), NumberRange(min=1, message="Un nombre d'habitants positif est attendu.")],
        description="Laisser vide si l'offre ne dépend pas de la population")
    departements = StringField("Départements", validators=[Optional(), v.codes("departement")],
                               description="Codes séparés par des espaces, par exemple 53")
    epcis = StringField("Intercommunalités (SIREN)", validators=[Optional(), v.codes("epci")])
    communes = StringField("Communes (codes INSEE)", validators=[Optional(), v.codes("commune")])
    cout = SelectField("Coût", validate_choice=False, choices=_closed_list("couts"))
    conditions = TextAreaField("Conditions", validators=[Optional()])
    ne_fait_pas = TextAreaField("Ce que la structure ne fait pas", validators=[Optional()])
    a_preparer = TextAreaField("À préparer avant d'appeler", validators=[Optional()])
    certitude = TextAreaField("Incertitudes", validators=[Optional()])
    sources = FieldList(FormField(SourceForm), min_entries=1)

    def validate(self, extra_validators=None) -> bool:
        """Fields, then the rule across them: at least one territory."""
        valid = super().validate(extra_validators)
        if not any(v.split_codes(f.data) for f in (self.departements, self.epcis, self.communes)):
            self.departements.errors = [*self.departements.errors,
                                        "Indiquez au moins un territoire (département, intercommunalité ou commune)."]
            valid = False
        return valid


class ActionForm(FlaskForm):
    """CSRF-only form for button POSTs."""


class VersionForm(FlaskForm):
    """A button POST that must carry the fiche's version (restore, delete an offer)."""

    version = HiddenField(validators=[InputRequired()])


class ModerationForm(FlaskForm):
    motif = TextAreaField("Motif (en cas de rejet)", validators=[Optional(), Length(max=2000)],
                          description="Expliquez en une phrase pourquoi la suggestion n'est pas retenue")


class ParcoursForm(FlaskForm):
    contenu = TextAreaField("Contenu complet du fichier proposé", validators=[DataRequired(REQUIRED)],
                            description="Prérempli avec le fichier actuel : modifiez-le ou collez la version "
                                        "proposée (rien n'est enregistré sur le serveur)")


class UtilisateurForm(FlaskForm):
    email = EmailField("Adresse électronique", validators=[DataRequired(REQUIRED), v.email])
    role = SelectField("Rôle", validate_choice=False,
                       choices={"editeur": "Éditeur de structures", "admin": "Administrateur (DDT)"})
    structures = SelectMultipleField("Structures", choices={}, validate_choice=False,
                                     description="Pour un éditeur : les structures qu'il peut modifier")
    jours = IntegerField("Validité du lien (jours)", default=7, validators=[
        DataRequired(REQUIRED), NumberRange(min=1, max=30, message="Entre 1 et 30 jours.")])
