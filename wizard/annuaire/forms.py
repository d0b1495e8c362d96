"""Forms of the annuaire: the public "signaler une erreur ou compléter cette fiche" form."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, AnyOf, DataRequired, Email, Length, Optional

CHAMPS = (
    ("", "Choisir"),
    ("telephone", "Téléphone"),
    ("email", "Adresse électronique"),
    ("adresse", "Adresse postale"),
    ("site_web", "Site internet"),
    ("offres", "Services proposés (offres)"),
    ("territoire", "Territoire couvert"),
    ("presentation", "Présentation"),
    ("autre", "Autre"),
)


class SuggestionForm(FlaskForm):
    """A correction or an addition proposed by a visitor (moderated before publication)."""

    champ = SelectField(
        "Ce qui est concerné", choices=[SelectChoice(v, label) for v, label in CHAMPS], validate_choice=False,
        validators=[DataRequired(message="Indiquez ce qui est concerné."),
                    AnyOf([v for v, _ in CHAMPS if v], message="Choisissez une valeur de la liste.")])
    message = TextAreaField(
        "Votre message", description="Décrivez l'erreur ou l'information à ajouter (10 caractères au moins).",
        validators=[DataRequired(message="Écrivez votre message."),
                    Length(min=10, max=2000, message="Le message doit faire entre 10 et 2 000 caractères.")])
    valeur_proposee = StringField(
        "Valeur proposée (facultatif)", description="Par exemple le bon numéro de téléphone.",
        validators=[Optional(), Length(max=500, message="500 caractères au plus.")])
    source_proposee = StringField(
        "Source (facultatif)", description="Adresse d'une page publique qui confirme l'information, "
                                           "au format https://…",
        validators=[Optional(), URL(message="Indiquez une adresse web complète, au format https://…"),
                    Length(max=1000, message="1 000 caractères au plus.")])
    auteur_nom = StringField("Votre nom et votre fonction (facultatif)",
                             validators=[Optional(), Length(max=200, message="200 caractères au plus.")])
    auteur_email = StringField(
        "Votre adresse électronique (facultatif)", description="Pour vous répondre si besoin ; jamais publiée. "
                                                               "Format attendu : nom@domaine.fr",
        validators=[Optional(), Email(message="Adresse électronique invalide : format attendu nom@domaine.fr",
                                      check_deliverability=False),
                    Length(max=200, message="200 caractères au plus.")])
    # Honeypot: hidden by CSS (class carto-piege); people never fill it, naive robots do.
    site_internet = StringField("Ne pas remplir ce champ")
