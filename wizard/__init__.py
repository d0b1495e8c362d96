"""Carto Ingénierie 53: the Flask application factory."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from wizard import db
from wizard.config import ROOT, Config, from_environment, instance_secret_key
from wizard.dataload.policy import load_policy
from wizard.extensions import compress, csrf, htmx, limiter
from wizard.runtime import production
from wizard.taxonomy import load_taxonomy
from wizard.territoires.departement import load_departement


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config (class, then environment, then ``config``), extensions, blueprints."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.from_object(Config)
    app.config.update(from_environment())
    if config:
        app.config.update(config)
    # Production refuses unsafe settings here, before a default (a generated key…) could hide them.
    production.check(app.config)
    instance = Path(app.instance_path)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance)
    if not app.config.get("DATABASE_URL"):
        instance.mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'carto.sqlite'}"

    app.extensions["taxonomy"] = load_taxonomy(Path(app.config["DATA_DIR"]) / "taxonomie.yaml")
    app.extensions["departement"] = load_departement(Path(app.config["DATA_DIR"]))
    app.extensions["politique_sources"] = load_policy(Path(app.config["DATA_DIR"]))
    db.init_app(app, app.config["DATABASE_URL"])
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    # No default limit: each limited view checks its own limit when called. The per-request middleware
    # would only resolve an empty list, at a tenth of the cost of a cached page.
    if limiter._check_request_limit in app.before_request_funcs.get(None, []):
        app.before_request_funcs[None].remove(limiter._check_request_limit)
    compress.init_app(app)

    from wizard import cli
    from wizard.runtime import active_parcours, sante
    from wizard.web import assets, fragments, integration, page_cache, request_log, security, signatures, templating

    # An invalid parcours stops the start-up here, with its file:line:column errors.
    active_parcours.init_app(app)
    security.init_app(app)
    signatures.init_app(app)
    request_log.init_app(app)
    sante.init_app(app)
    templating.init_app(app)
    fragments.init_app(app)
    page_cache.init_app(app)
    assets.init_app(app)
    integration.init_app(app)  # outermost WSGI layer: /integration/static/… reaches the static files too
    cli.init_app(app)
    _register_blueprints(app)
    _init_demandes(app)

    if app.config["AUTOLOAD_DATA"]:
        from wizard.runtime.startup import ensure_database

        ensure_database(app)
    return app


def _init_demandes(app: Flask) -> None:
    """Direct requests and steering: e-mail outbox, their commands, the aggregate counters of the parcours."""
    from wizard import courrier
    from wizard.demandes import cli as demandes_cli
    from wizard.demandes import routes as demandes
    from wizard.pilotage import compteurs
    from wizard.pilotage import routes as pilotage

    courrier.init_app(app)
    demandes_cli.init_app(app)
    _init_abonnements(app)
    compteurs.init_app(app)
    app.register_blueprint(demandes.bp)
    app.register_blueprint(pilotage.bp)


def _init_abonnements(app: Flask) -> None:
    """E-mail subscriptions to the news (through the same outbox as direct requests) and the Atom feed."""
    from wizard.abonnements import cli as abonnements_cli
    from wizard.abonnements import routes as abonnements

    abonnements_cli.init_app(app)
    app.register_blueprint(abonnements.bp)


def _register_blueprints(app: Flask) -> None:
    """One blueprint per area of the site; importing an area's routes registers its views."""
    from wizard.admin import routes as admin
    from wizard.annuaire import routes as annuaire
    from wizard.api import routes as api
    from wizard.ateliers import routes as ateliers
    from wizard.auth import routes as auth
    from wizard.cartographie import routes as cartographie
    from wizard.dispositifs import routes as dispositifs
    from wizard.donnees import routes as donnees
    from wizard.orientation import routes as orientation
    from wizard.pages import routes as pages

    for area in (pages, annuaire, auth, admin, cartographie, dispositifs, api, donnees, orientation, ateliers):
        app.register_blueprint(area.bp)
