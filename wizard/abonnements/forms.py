"""The subscription form and the CSRF-only action forms of the confirmation and unsubscribe pages."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, ValidationError


class AbonnementForm(FlaskForm):
    """Address, territory and thématiques; choices are set by the view from the database and taxonomy."""

    email = StringField(
        "Adresse électronique", description="Format attendu : nom@domaine.fr. Elle ne sert qu'à cet envoi.",
        validators=[DataRequired(message="Indiquez votre adresse électronique."),
                    Email(message="Adresse électronique invalide : format attendu nom@domaine.fr",
                          check_deliverability=False),
                    Length(max=320, message="320 caractères au plus.")])
    territoire = SelectField("Territoire suivi", description="Une commune, une intercommunalité ou toute la Mayenne.",
                             validate_choice=False)
    thematiques = SelectMultipleField("Thématiques suivies", validate_choice=False,
                                      description="Ne cochez rien pour recevoir les nouveautés de tous les sujets.")

    # WTForms' own choice check speaks English: these say it in French.
    def validate_territoire(self, field) -> None:
        if field.data and field.data not in {c.value for c in field.choices}:
            raise ValidationError("Territoire inconnu : choisissez une commune ou une intercommunalité de la liste.")

    def validate_thematiques(self, field) -> None:
        known = {c.value for c in field.choices}
        if any(v not in known for v in field.data or []):
            raise ValidationError("Thématique inconnue : cochez les thématiques de la liste.")

    def remplir(self, epcis: list[tuple[str, str]], communes: list[tuple[str, str]],
                thematiques: list[tuple[str, str]]) -> None:
        """Set the closed lists (the territory select groups EPCI and communes)."""
        self.territoire.choices = ([SelectChoice("", "Toute la Mayenne")]
                                   + [SelectChoice(c, n, optgroup="Intercommunalités") for c, n in epcis]
                                   + [SelectChoice(c, n, optgroup="Communes") for c, n in communes])
        self.thematiques.choices = [SelectChoice(s, label) for s, label in thematiques]


class ActionForm(FlaskForm):
    """A button POST: only the CSRF token."""
