"""`flask abonnements envoyer` (cron): record what is new, mail it to the confirmed subscribers it concerns."""
from __future__ import annotations

import click
from flask import Flask, current_app, render_template, url_for
from flask.cli import AppGroup

from wizard import courrier
from wizard.abonnements import service, veille
from wizard.abonnements.lecture import epci_de
from wizard.db import get_session
from wizard.models.suggestion import utcnow

abonnements_cli = AppGroup("abonnements", help="Abonnements par courriel aux nouveautés.")


@abonnements_cli.command("envoyer")
def envoyer_command() -> None:
    """Relever les nouveautés depuis le dernier passage, puis les envoyer aux abonnés qu'elles concernent."""
    session = get_session()
    now = utcnow()
    nouvelles = veille.relever(session, now.date())
    purges = service.purger_non_confirmes(session, now)
    session.commit()
    courriels = []
    # Links in e-mails are absolute: outside a request, they are built on the configured public address.
    with current_app.test_request_context(base_url=current_app.config["URL_PUBLIQUE"]):
        for abonnement, items in service.a_envoyer(session, current_app.extensions["departement"].code,
                                                   epci_de(session)):
            corps = render_template(
                "abonnements/courriel_actualites.txt", items=items, base=current_app.config["URL_PUBLIQUE"],
                desabonner=url_for("abonnements.desabonner", jeton=abonnement.jeton, _external=True))
            courriels.append(courrier.mettre_en_attente(
                session, [abonnement.email], f"{len(items)} nouveauté{'s' if len(items) > 1 else ''} "
                                             "de l'ingénierie publique en Mayenne", corps))
        session.commit()
        envoyes = courrier.envoyer(session, courriels)
        session.commit()
    click.echo(f"Nouveautés relevées : {len(nouvelles)}. Courriels : {envoyes} envoyé(s) sur "
               f"{len([c for c in courriels if c])}"
               f"{'' if courrier.actif() else ' (envoi désactivé sans MAIL_SERVER)'}. "
               f"Adresses jamais confirmées effacées : {purges}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(abonnements_cli)
