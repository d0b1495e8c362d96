"""`flask users create|invite|unlock`: accounts from the command line."""
from __future__ import annotations

import secrets

import click
from flask import current_app, url_for
from flask.cli import AppGroup

from wizard.auth.services import (
    AccountError,
    create_invitation,
    create_user,
    find_user,
    unlock,
)
from wizard.db import get_session
from wizard.models.compte import ROLES

users_cli = AppGroup("users", help="Comptes de l'espace partenaires.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--structure", "structures", multiple=True, help="Slug d'une structure (éditeur ; répétable).")
@click.option("--nom", default=None)
@click.option("--generer", is_flag=True, help="Générer un mot de passe et l'afficher une seule fois.")
def create_command(email: str, role: str, structures: tuple[str, ...], nom: str | None, generer: bool) -> None:
    """Créer un compte (mot de passe demandé, ou généré avec --generer)."""
    password = secrets.token_urlsafe(15) if generer else click.prompt(
        "Mot de passe", hide_input=True, confirmation_prompt="Confirmer le mot de passe")
    session = get_session()
    try:
        user = create_user(session, email, password, role, list(structures), nom=nom)
    except AccountError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from exc
    session.commit()
    click.echo(f"Compte créé : {user.email} ({user.role}).")
    if generer:
        click.echo(f"Mot de passe (affiché une seule fois) : {password}")


@users_cli.command("invite")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="editeur", show_default=True)
@click.option("--structure", "structures", multiple=True, help="Slug d'une structure (répétable).")
@click.option("--jours", default=7, show_default=True, help="Validité du lien, en jours.")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True, help="Adresse publique du service.")
def invite_command(email: str, role: str, structures: tuple[str, ...], jours: int, base_url: str) -> None:
    """Créer une invitation et afficher le lien à transmettre (aucun courriel n'est envoyé)."""
    session = get_session()
    try:
        invitation, token = create_invitation(session, email, role, list(structures), cree_par="ligne de commande",
                                              days=jours)
    except AccountError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from exc
    session.commit()
    with current_app.test_request_context(base_url=base_url):
        link = url_for("auth.invitation", token=token, _external=True)
    click.echo(f"Invitation pour {invitation.email}, valable jusqu'au {invitation.expire_le:%d/%m/%Y %H:%M} (UTC) :")
    click.echo(link)


@users_cli.command("unlock")
@click.argument("email")
def unlock_command(email: str) -> None:
    """Débloquer un compte après trop d'échecs de connexion."""
    session = get_session()
    user = find_user(session, email)
    if user is None:
        raise click.ClickException(f"Aucun compte pour {email}.")
    unlock(session, user)
    session.commit()
    click.echo(f"Compte débloqué : {user.email}.")
