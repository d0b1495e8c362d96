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
    """One way to reach the structure; a blank row is ignored (it is the "add a contact" row)."""

    libelle = StringField("Libellé", validators=[Optional(), Length(max=200)],
                          description="Par exemple « Accueil », « Service urbanisme »")
    telephone = StringField("Téléphone", validators=[Optional(), v.phone], description="Format : 02 43 00 00 00")
    email = StringField("Adresse électronique", validators=[Optional(), v.email])
    formulaire = StringField("Formulaire de contact en ligne (adresse web)", validators=[Optional(), v.url])
    page_contact = StringField("Page contact du site officiel (adresse web)", validators=[Optional(), v.url])
    adresse = TextAreaField("Adresse postale", validators=[Optional(), Length(max=500)])
    source = StringField("Source (identifiant d'une source de la fiche)", validators=[Optional(), Length(max=80)],
                         description="La page ou le document officiel où figure cette coordonnée, déclaré plus bas")
    supprimer = BooleanField("Supprimer ce contact")


class SourceForm(Form):
    """One official source of the fiche; a blank row is ignored."""

    id = StringField("Identifiant", validators=[Optional(), Length(max=80), v.slug],
                     description="Court et stable, par exemple « site-contact » : les faits le citent")
    titre = StringField("Titre de la page ou du document", validators=[Optional(), Length(max=500)])
    editeur = StringField("Éditeur", validators=[Optional(), Length(max=300)],
                          description="Qui publie : la structure, la préfecture, Légifrance…")
    url = StringField("Adresse web officielle", validators=[Optional(), v.url],
                      description="Jamais un site miroir ni un dépôt : laissez vide pour un document cité "
                                  "par son titre")
    date = StringField("Date du document", validators=[Optional(), v.date], description="AAAA, AAAA-MM ou AAAA-MM-JJ")
    consulte_le = StringField("Consultée le", validators=[Optional(), v.date],
                              description="Si le document ne porte pas de date")
    copie_consultee = StringField("Copie consultée (note interne)", validators=[Optional(), v.url],
                                  description="Adresse d'un miroir où le document a été lu : jamais publiée")
    supprimer = BooleanField("Supprimer cette source")


class StructureForm(FlaskForm):
    """Presentation, contacts, sources and internal notes of a structure."""

    version = HiddenField(validators=[InputRequired()])
    nom = StringField("Nom", validators=[DataRequired(REQUIRED), Length(max=300)])
    sigle = StringField("Sigle", validators=[Optional(), Length(max=80)])
    categorie = SelectField("Catégorie", validate_choice=False, choices=_closed_list("categories"))
    niveau = SelectField("Niveau d'intervention", validate_choice=False, choices=_closed_list("niveaux"))
    nature = TextAreaField("Nature juridique", validators=[Optional()])
    presentation = TextAreaField("Présentation", validators=[DataRequired(REQUIRED), Length(max=3000)],
                                 description="2 à 4 phrases simples, pour un maire")
    site_web = StringField("Site officiel", validators=[Optional(), v.url], description="https://…")
    siege_commune = StringField("Commune du siège (code INSEE)", validators=[Optional(), v.commune],
                                description="Par exemple 53130 pour Laval")
    faits_sources = StringField("Sources de la présentation (identifiants)", validators=[Optional()],
                                description="Séparés par des espaces, parmi les sources déclarées plus bas")
    confiance = SelectField("Confiance (note interne)", validate_choice=False, choices=_closed_list("confiances"))
    a_verifier = TextAreaField("À vérifier (note interne, jamais publiée)", validators=[Optional()])
    contacts = FieldList(FormField(ContactForm), min_entries=1)
    sources = FieldList(FormField(SourceForm), min_entries=1)


class NouvelleStructureForm(FlaskForm):
    """A new structure: what the data rules require of any fiche, and the official source grounding it."""

    slug = StringField("Identifiant", validators=[DataRequired(REQUIRED), Length(max=80), v.slug],
                       description="Court et stable, en minuscules avec des tirets : « syndicat-bassin-mayenne »")
    nom = StringField("Nom", validators=[DataRequired(REQUIRED), Length(max=300)])
    sigle = StringField("Sigle", validators=[Optional(), Length(max=80)])
    categorie = SelectField("Catégorie", validate_choice=False, choices=_closed_list("categories"))
    niveau = SelectField("Niveau d'intervention", validate_choice=False, choices=_closed_list("niveaux"))
    presentation = TextAreaField("Présentation", validators=[DataRequired(REQUIRED), Length(max=3000)],
                                 description="2 à 4 phrases simples, pour un maire : ce que la structure fait pour "
                                             "les collectivités")
    site_web = StringField("Site officiel", validators=[Optional(), v.url], description="https://…")
    source = FormField(SourceForm, label="Source officielle de la présentation")


def _vocabulary_field(label: str, vocabulary: str) -> SelectMultipleField:
    # Choices are filled per request from the taxonomy; validation is ours (French, with tampering refused).
    return SelectMultipleField(label, choices={}, validate_choice=False,
                               validators=[v.taxonomy_slugs(vocabulary, required=vocabulary not in
                                                            ("thematiques", "profils"))])


class OffreForm(FlaskForm):
    """One offer of a structure: what, for whom, where, at what cost, on which sources."""

    version = HiddenField(validators=[InputRequired()])
    slug = StringField("Identifiant", validators=[DataRequired(REQUIRED), Length(max=80), v.slug],
                       description="Minuscules, chiffres et tirets ; stable (utilisé dans les adresses)")
    titre = StringField("Titre", validators=[DataRequired(REQUIRED), Length(max=300)])
    role = SelectField("Rôle", validate_choice=False, choices=_closed_list("roles"),
                       description="Un financeur ou un référent d'orientation ne compte que pour son type d'aide")
    description = TextAreaField("Description", validators=[DataRequired(REQUIRED), Length(max=3000)],
                                description="La première phrase dit ce que la structure fait, concrètement, pour "
                                            "une commune : elle s'affiche comme « pourquoi cette structure »")
    thematiques = _vocabulary_field("Thématiques (seulement celles que l'offre sert vraiment)", "thematiques")
    besoins = _vocabulary_field("Types d'aide", "besoins")
    stades = _vocabulary_field("Stades du projet", "stades")
    publics = _vocabulary_field("Publics", "types_collectivite")
    profils = _vocabulary_field("Profils (formations : élus, agents)", "profils")
    population_max = IntegerField("Population maximale des communes aidées", validators=[
        Optional(), NumberRange(min=1, message="Un nombre d'habitants positif est attendu.")],
        description="Laisser vide si l'offre ne dépend pas de la population")
    population_min = IntegerField("Population minimale des communes aidées", validators=[
        Optional(), NumberRange(min=1, message="Un nombre d'habitants positif est attendu.")])
    competence = BooleanField("L'intercommunalité exerce cette compétence (loi ou statuts, sourcés)")
    dispositif = StringField("Réservée aux communes labellisées par le dispositif (identifiant)",
                             validators=[Optional(), Length(max=80), v.slug],
                             description="Par exemple petites-villes-de-demain")
    eligibilite = TextAreaField("Qui peut en bénéficier", validators=[Optional()])
    mots_cles = StringField("Mots qui précisent l'offre", validators=[Optional(), Length(max=500)],
                            description="Séparés par des virgules (éclairage, lampadaire) : l'offre ne sera "
                                        "proposée qu'aux projets qui les nomment")
    departements = StringField("Départements", validators=[Optional(), v.codes("departement")],
                               description="Codes séparés par des espaces, par exemple 53")
    epcis = StringField("Intercommunalités (SIREN)", validators=[Optional(), v.codes("epci")])
    communes = StringField("Communes (codes INSEE)", validators=[Optional(), v.codes("commune")])
    cout = SelectField("Coût", validate_choice=False, choices=_closed_list("couts"))
    conditions = TextAreaField("Conditions", validators=[Optional()])
    ne_fait_pas = TextAreaField("Ce que la structure ne fait pas", validators=[Optional()])
    a_preparer = TextAreaField("À préparer avant d'appeler", validators=[Optional()])
    sources = StringField("Sources (identifiants)", validators=[DataRequired(REQUIRED)],
                          description="Séparés par des espaces, parmi les sources déclarées sur la fiche")
    certitude = TextAreaField("Incertitudes (note interne, jamais publiée)", validators=[Optional()])

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


class CheminsFiltreForm(FlaskForm):
    """Filters of the golden path table (GET: nothing is written, no CSRF)."""

    class Meta:
        csrf = False

    thematique = SelectField("Thématique", default="")
    type_collectivite = SelectField("Type de collectivité", default="")
