"""The "Cette liste vous aide-t-elle ?" form under the result list."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

REPONSES = (("oui", "Oui"), ("en_partie", "En partie"), ("non", "Non"))


class AvisForm(FlaskForm):
    """Anonymous: an answer, an optional comment; the page's thématiques and structures are added by the view."""

    reponse = RadioField("Cette liste vous aide-t-elle ?", choices=[SelectChoice(v, label) for v, label in REPONSES],
                         validators=[InputRequired(message="Choisissez une réponse.")])
    commentaire = TextAreaField(
        "Un commentaire (facultatif)", description="Ce qui manque, ce qui est faux… N'indiquez pas de données "
                                                   "personnelles : l'avis est anonyme.",
        validators=[Optional(), Length(max=1000, message="1 000 caractères au plus.")])
    # Honeypot: hidden by CSS (class carto-piege); people never fill it, naive robots do.
    site_internet = StringField("Ne pas remplir ce champ")
