"""Forms of the accounts pages."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from wizard.auth.services import MIN_PASSWORD_LENGTH

REQUIRED = "Ce champ est obligatoire."
TOO_SHORT = f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères."


class ConnexionForm(FlaskForm):
    email = EmailField("Adresse électronique", validators=[DataRequired(REQUIRED)],
                       description="Format attendu : nom@domaine.fr")
    mot_de_passe = PasswordField("Mot de passe", validators=[DataRequired(REQUIRED)])
    suivant = HiddenField()


class MotDePasseForm(FlaskForm):
    actuel = PasswordField("Mot de passe actuel", validators=[DataRequired(REQUIRED)])
    nouveau = PasswordField("Nouveau mot de passe", validators=[
        DataRequired(REQUIRED), Length(min=MIN_PASSWORD_LENGTH, message=TOO_SHORT)],
        description=f"Au moins {MIN_PASSWORD_LENGTH} caractères, difficile à deviner : une phrase de plusieurs mots "
                    "est recommandée.")
    confirmation = PasswordField("Confirmer le nouveau mot de passe", validators=[
        DataRequired(REQUIRED), EqualTo("nouveau", message="Les deux mots de passe ne sont pas identiques.")])


class InvitationForm(FlaskForm):
    nom = StringField("Nom et prénom", validators=[Optional(), Length(max=200)])
    nouveau = PasswordField("Mot de passe", validators=[
        DataRequired(REQUIRED), Length(min=MIN_PASSWORD_LENGTH, message=TOO_SHORT)],
        description=f"Au moins {MIN_PASSWORD_LENGTH} caractères, difficile à deviner : une phrase de plusieurs mots "
                    "est recommandée.")
    confirmation = PasswordField("Confirmer le mot de passe", validators=[
        DataRequired(REQUIRED), EqualTo("nouveau", message="Les deux mots de passe ne sont pas identiques.")])
