"""Forms of the workshop mode (labels and hints in French; CSRF on every one)."""
from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from wizard.ateliers.services import ACTIVITES, QUESTIONS_PAR_DEFAUT, ROLES


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class Cases(SelectMultipleField):
    """Checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:
        """A value outside the list (an old page, a tampered form) gets a French message."""
        permises = {choice[0] for choice in self.iter_choices()}
        if any(v not in permises for v in self.data or ()):
            raise ValidationError("Un des choix envoyés ne figure plus dans la liste : rechargez la page.")


class CreationForm(FlaskForm):
    """A new session: what, when, where, which activities."""

    titre = StringField("Titre de l'atelier", validators=[DataRequired("Donnez un titre à l'atelier."),
                                                          Length(max=200)],
                        description="Par exemple : Les besoins à pourvoir — Coëvrons")
    date = DateField("Date", default=dt.date.today, validators=[DataRequired("Indiquez la date (jj/mm/aaaa).")],
                     description="Le jour de l’atelier (le calendrier du navigateur aide à le choisir).")
    territoire_type = RadioField("Territoire", default="departement", choices=options([
        ("departement", "Tout le département"), ("epci", "Une intercommunalité"),
        ("communes", "Une liste de communes")]))
    epci = SelectField("Intercommunalité", validators=[Optional()], choices=[],
                       description="Si le territoire est une intercommunalité.")
    communes = StringField("Communes", validators=[Optional(), Length(max=2000)],
                           description="Si le territoire est une liste de communes : noms ou codes INSEE, "
                                       "séparés par des virgules.")
    activites = Cases("Activités proposées aux participants", default=list(ACTIVITES),
                      choices=options(ACTIVITES.items()),
                      validators=[DataRequired("Choisissez au moins une activité.")])
    questions = TextAreaField("Questions ouvertes de l'activité « Idées »", default="\n".join(QUESTIONS_PAR_DEFAUT),
                              validators=[Optional(), Length(max=1000)], description="Une question par ligne.")


class RejoindreCodeForm(FlaskForm):
    """The code typed by a participant (GET: no CSRF needed, nothing is written)."""

    class Meta:
        csrf = False

    code = StringField("Code de l'atelier", validators=[DataRequired("Saisissez le code affiché par l'animateur.")],
                       description="6 caractères, affichés à l'écran de la salle.")


class ParticipantForm(FlaskForm):
    """Join a session: everything optional; ``jeton`` makes a repeated submission join once."""

    jeton = HiddenField()
    prenom = StringField("Prénom (facultatif)", validators=[Optional(), Length(max=60)],
                         description="Seul l'animateur le voit ; il n'apparaît ni au tableau ni dans l'export.")
    commune = SelectField("Votre commune (facultatif)", validators=[Optional()], choices=[])
    role = RadioField("Vous êtes (facultatif)", validators=[Optional()], choices=options(ROLES.items()))


class ConnuesForm(FlaskForm):
    """The structures a participant knows."""

    connues = Cases("Cochez les structures que vous connaissez", choices=[], validators=[Optional()])


class IdeeForm(FlaskForm):
    """One short idea for one question (its index travels in a plain hidden input)."""

    texte = TextAreaField("Votre idée", validators=[DataRequired("Écrivez votre idée avant de l'envoyer."),
                                                    Length(max=500, message="500 caractères au plus.")])


class ActionForm(FlaskForm):
    """CSRF-only form of the animator's buttons (state, moderation)."""


class SuppressionForm(FlaskForm):
    """Deleting a session asks to type its code, so that it is never a slip."""

    confirmation = StringField("Pour confirmer, saisissez le code de l'atelier",
                               validators=[DataRequired("Saisissez le code pour confirmer.")])
