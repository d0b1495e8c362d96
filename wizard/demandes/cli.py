"""`flask demandes relancer` (cron: retry unsent e-mails, remind partners) and `flask demandes purger`."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from wizard import courrier
from wizard.db import get_session
from wizard.demandes import notifications, service
from wizard.models.suggestion import utcnow

demandes_cli = AppGroup("demandes", help="Demandes de contact (« Être recontacté »).")


@demandes_cli.command("relancer")
@click.option("--jours", type=int, default=None,
              help="Relancer les demandes sans action depuis ce nombre de jours (par défaut DEMANDES_RELANCE_JOURS).")
def relancer_command(jours: int | None) -> None:
    """Renvoyer les courriels restés en attente, puis rappeler les demandes restées sans action."""
    jours = jours if jours is not None else current_app.config["DEMANDES_RELANCE_JOURS"]
    session = get_session()
    now = utcnow()
    # Links in e-mails are absolute: outside a request, they are built on the configured public address.
    with current_app.test_request_context(base_url=current_app.config["URL_PUBLIQUE"]):
        envoyes, restants = courrier.envoyer_en_attente(session, now)
        session.commit()
        demandes = service.a_relancer(session, now, jours)
        courriels = []
        for demande in demandes:
            service.marquer_relancee(demande, now)
            courriels.append(notifications.aux_destinataires(session, demande, "relance"))
        session.commit()
        rappels = courrier.envoyer(session, courriels, now)
        session.commit()
    click.echo(f"Courriels en attente : {envoyes} envoyé(s), {restants} toujours en attente. "
               f"Demandes sans action depuis {jours} jours : {len(demandes)} rappel(s) "
               f"({rappels} courriel(s) envoyé(s){'' if courrier.actif() else ', envoi désactivé sans MAIL_SERVER'}).")


@demandes_cli.command("purger")
@click.option("--jours", type=int, default=None,
              help="Supprimer les demandes sans échange depuis ce nombre de jours "
                   "(par défaut DEMANDES_CONSERVATION_JOURS).")
def purger_command(jours: int | None) -> None:
    """Supprimer les demandes (et leur historique) au-delà de la durée de conservation."""
    jours = jours if jours is not None else current_app.config["DEMANDES_CONSERVATION_JOURS"]
    session = get_session()
    supprimees = service.purger(session, utcnow(), jours)
    session.commit()
    click.echo(f"{supprimees} demande(s) supprimée(s) (dernier échange il y a plus de {jours} jours).")


def init_app(app: Flask) -> None:
    app.cli.add_command(demandes_cli)
