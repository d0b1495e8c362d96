"""Command line: `flask data load|export|check`, `flask db upgrade|revision`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from wizard.dataload.errors import DataErrors
from wizard.dataload.export import export_structures
from wizard.dataload.load import load_data, read_data
from wizard import migrate
from wizard.db import get_session

data_cli = AppGroup("data", help="Données de référence (data/).")
db_cli = AppGroup("db", help="Schéma de la base (migrations Alembic).")


@db_cli.command("upgrade")
def db_upgrade_command() -> None:
    """Appliquer les migrations jusqu'à la dernière version."""
    migrate.upgrade(current_app.extensions["db_engine"])
    click.echo("Schéma à jour.")


@db_cli.command("revision")
@click.argument("message")
def db_revision_command(message: str) -> None:
    """Créer une migration à partir des modèles (développeurs)."""
    migrate.revision(current_app.config["DATABASE_URL"], message)


def _fail(exc: DataErrors) -> None:
    for error in exc.errors:
        click.echo(str(error), err=True)
    raise SystemExit(f"Refusé : {len(exc.errors)} erreur(s), rien n'a été chargé.")


@data_cli.command("check")
def check_command() -> None:
    """Valider data/ sans rien écrire."""
    try:
        read_data(Path(current_app.config["DATA_DIR"]), current_app.extensions["taxonomy"])
    except DataErrors as exc:
        _fail(exc)
    click.echo("data/ est valide.")


@data_cli.command("load")
def load_command() -> None:
    """Charger data/ dans la base (idempotent : remplace le contenu de référence)."""
    session = get_session()
    try:
        report = load_data(session, Path(current_app.config["DATA_DIR"]), current_app.extensions["taxonomy"])
    except DataErrors as exc:
        session.rollback()
        _fail(exc)
    session.commit()
    click.echo(f"Chargé : {report.communes} communes, {report.epcis} EPCI, {report.structures} structures, "
               f"{report.offres} offres, {report.dispositifs} dispositifs.")


@data_cli.command("export")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Fichier de sortie (par défaut : réécrit data/structures.yaml).")
def export_command(out: Path | None) -> None:
    """Écrire les structures de la base dans data/structures.yaml (commentaires conservés)."""
    source = Path(current_app.config["DATA_DIR"]) / "structures.yaml"
    text = export_structures(get_session(), source)
    (out or source).write_text(text, encoding="utf-8")
    click.echo(f"Écrit : {out or source}")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(data_cli)
    app.cli.add_command(db_cli)
