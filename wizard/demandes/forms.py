"""Forms of direct requests: the sender's "Être recontacté", and the partner's actions in the inbox."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^(?:\+33|0033|0)[1-9]\d{8}$")


def _phone(_form, field) -> None:
    if field.data and not _PHONE.match(_PHONE_SEPARATORS.sub("", field.data)):
        raise ValidationError("Numéro de téléphone invalide : 10 chiffres, par exemple 02 43 00 00 00.")


class DemandeForm(FlaskForm):
    """A request for contact; the answers of the parcours are attached by the view, not typed."""

    nom = StringField("Votre nom", validators=[DataRequired(message="Indiquez votre nom."),
                                               Length(max=200, message="200 caractères au plus.")])
    fonction = StringField(
        "Votre fonction", description="Par exemple : maire, adjoint, secrétaire de mairie.",
        validators=[DataRequired(message="Indiquez votre fonction."),
                    Length(max=200, message="200 caractères au plus.")])
    commune = StringField(
        "Votre commune ou intercommunalité",
        validators=[DataRequired(message="Indiquez votre commune ou votre intercommunalité."),
                    Length(max=200, message="200 caractères au plus.")])
    email = StringField(
        "Adresse électronique", description="Format attendu : nom@domaine.fr. Indiquez-la, ou un téléphone, "
                                            "ou les deux.",
        validators=[Optional(), Email(message="Adresse électronique invalide : format attendu nom@domaine.fr",
                                      check_deliverability=False),
                    Length(max=200, message="200 caractères au plus.")])
    telephone = StringField("Téléphone", description="Par exemple : 02 43 00 00 00.",
                            validators=[Optional(), Length(max=40, message="40 caractères au plus."), _phone])
    message = TextAreaField(
        "Votre projet en quelques lignes", description="Ce que vous voulez faire et ce que vous attendez de la "
                                                       "structure (10 à 2 000 caractères).",
        validators=[DataRequired(message="Décrivez votre projet en quelques lignes."),
                    Length(min=10, max=2000, message="Le message doit faire entre 10 et 2 000 caractères.")])
    # Honeypot: hidden by CSS (class carto-piege); people never fill it, naive robots do.
    site_internet = StringField("Ne pas remplir ce champ")

    def validate(self, extra_validators=None) -> bool:
        """The fields, then: a way to answer (e-mail or phone) is required."""
        ok = super().validate(extra_validators)
        if not (self.email.data or "").strip() and not (self.telephone.data or "").strip():
            self.email.errors = [*self.email.errors, "Indiquez une adresse électronique ou un téléphone "
                                                     "pour être recontacté."]
            ok = False
        return ok


class ActionForm(FlaskForm):
    """A button POST of the inbox (take charge): CSRF only."""


class ReponseForm(FlaskForm):
    """The partner's answer, shown on the sender's tracking page and e-mailed to them."""

    texte = TextAreaField("Votre réponse", description="Elle est affichée sur la page de suivi du demandeur et "
                                                       "lui est envoyée par courriel s'il a donné son adresse.",
                          validators=[DataRequired(message="Écrivez votre réponse."),
                                      Length(max=5000, message="5 000 caractères au plus.")])


class ReorientationForm(FlaskForm):
    """Send the request to another structure, with the reason shown to the sender."""

    structure = SelectField("Nouvelle structure destinataire", validate_choice=False,
                            validators=[DataRequired(message="Choisissez la structure.")])
    motif = TextAreaField("Motif", description="Montré au demandeur sur sa page de suivi.",
                          validators=[DataRequired(message="Indiquez le motif de la réorientation."),
                                      Length(max=2000, message="2 000 caractères au plus.")])


class ClotureForm(FlaskForm):
    """Close the request, with an optional last word to the sender."""

    texte = TextAreaField("Message de clôture (facultatif)",
                          validators=[Optional(), Length(max=2000, message="2 000 caractères au plus.")])
