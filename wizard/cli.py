"""Command line: `flask data load|export|check`, `flask db upgrade|revision`, `flask parcours check|reload|graph`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from wizard import migrate
from wizard.admin.parcours_files import Compiled, compile_all
from wizard.auth.cli import users_cli
from wizard.config import Config
from wizard.dataload.errors import DataErrors
from wizard.dataload.export import export_structures
from wizard.dataload.load import EditedSinceLoad, load_data, read_data
from wizard.db import get_session
from wizard.parcours_engine import ParcoursError
from wizard.runtime import active_parcours
from wizard.search import reindex
from wizard.taxonomy import load_taxonomy

data_cli = AppGroup("data", help="Données de référence (data/).")
# A plain group registered as a Flask plugin (pyproject entry point): `check` must run without
# building the app, since the app refuses to start on the very files it reports on.
parcours_cli = click.Group("parcours", help="Parcours et règles de recommandation (parcours/*.yaml).")


def _report(exc: ParcoursError) -> None:
    for issue in exc.errors:
        click.echo(str(issue), err=True)
    raise SystemExit(f"Parcours invalide : {len(exc.errors)} erreur(s).")


def _compile_parcours(directory: Path) -> Compiled:
    try:
        return compile_all(directory, load_taxonomy(Path(Config.DATA_DIR) / "taxonomie.yaml"))
    except ParcoursError as exc:
        _report(exc)
        raise


@parcours_cli.command("check")
@click.option("--dossier", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dossier à valider (par défaut : parcours/).")
def parcours_check_command(dossier: Path | None) -> None:
    """Valider parcours/*.yaml (fichier:ligne:colonne) sans rien changer."""
    compiled = _compile_parcours(dossier or Path(Config.PARCOURS_DIR))
    click.echo(f"Parcours valide : {len(compiled.parcours.steps)} étapes, "
               f"{len(compiled.rules.regles) if compiled.rules else 0} règles.")


@parcours_cli.command("reload")
@with_appcontext
def parcours_reload_command() -> None:
    """Valider parcours/ puis le faire servir par toutes les instances (version active en base)."""
    compiled = _compile_parcours(Path(current_app.config["PARCOURS_DIR"]))
    session = get_session()
    numero = active_parcours.request_reload(current_app, session, par="flask parcours reload")
    session.commit()
    click.echo(f"Parcours valide ({len(compiled.parcours.steps)} étapes) : version n° {numero}, que toutes les "
               "instances reliées à cette base servent dans la seconde.")


@parcours_cli.command("graph")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Fichier SVG à écrire (par défaut : la sortie standard).")
@with_appcontext
def parcours_graph_command(output: Path | None) -> None:
    """Dessiner le parcours servi (étapes, chemins, règles) en SVG avec Graphviz (`dot`)."""
    from wizard.parcours_plan.dessin import DrawError, to_svg
    from wizard.parcours_plan.service import plan_for

    plan = plan_for(current_app)
    try:
        svg = to_svg(plan)
    except DrawError as exc:
        raise SystemExit(f"Graphviz (`dot`) est introuvable ou a échoué : {exc}. "
                         "Installez le paquet Debian graphviz.") from exc
    if output is None:
        click.echo(svg)
    else:
        output.write_text(svg, encoding="utf-8")
        click.echo(f"Plan du parcours écrit dans {output} : {len(plan.noeuds)} étapes, {plan.chemins} chemins.")


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
@click.option("--remplacer-les-fiches-modifiees", "remplacer", is_flag=True,
              help="Remplacer aussi les fiches modifiées dans l'espace partenaires depuis le dernier "
                   "chargement (faites d'abord flask data export).")
def load_command(remplacer: bool) -> None:
    """Charger data/ dans la base (idempotent) sans jamais écraser en silence une fiche modifiée."""
    session = get_session()
    try:
        report = load_data(session, Path(current_app.config["DATA_DIR"]), current_app.extensions["taxonomy"],
                           remplacer_modifiees=remplacer)
    except DataErrors as exc:
        session.rollback()
        _fail(exc)
    except EditedSinceLoad as exc:
        session.rollback()
        for slug in exc.slugs:
            click.echo(f"  {slug}", err=True)
        raise SystemExit(f"Refusé : {len(exc.slugs)} fiche(s) modifiée(s) dans l'espace partenaires depuis le "
                         "dernier chargement seraient écrasées, rien n'a été chargé. Faites « flask data export » "
                         "(puis versionnez data/), ou relancez avec --remplacer-les-fiches-modifiees.") from None
    reindex(session, taxonomy=current_app.extensions["taxonomy"])
    session.commit()
    click.echo(f"Chargé : {report.communes} communes, {report.epcis} EPCI, {report.structures} structures, "
               f"{report.offres} offres, {report.dispositifs} dispositifs ; {report.modifiees} fiche(s) "
               "changée(s), inscrites dans leur historique.")


@data_cli.command("export")
@click.option("--dossier", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dossier de sortie (par défaut : data/structures/).")
def export_command(dossier: Path | None) -> None:
    """Écrire les fiches de la base dans data/structures/ (un fichier par structure, commentaires conservés)."""
    source = Path(current_app.config["DATA_DIR"]) / "structures"
    target = dossier or source
    target.mkdir(parents=True, exist_ok=True)
    written = export_structures(get_session(), source)
    for path, content in written.items():
        (target / path.name).write_text(content, encoding="utf-8")
    click.echo(f"{len(written)} fichier(s) écrit(s) dans {target}.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    app.cli.add_command(data_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(users_cli)
