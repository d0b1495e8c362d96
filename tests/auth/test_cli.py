"""`flask users create|invite|unlock`."""
from __future__ import annotations

import re

from sqlalchemy import select

from tests.auth.conftest import login
from wizard.db import get_session
from wizard.models import Utilisateur


def test_create_with_a_generated_password_printed_once(app, runner):
    result = runner.invoke(args=["users", "create", "admin@ddt53.fr", "--role", "admin", "--generer"])
    assert result.exit_code == 0, result.output
    password = re.search(r"Mot de passe \(affiché une seule fois\) : (\S+)", result.output).group(1)
    assert login(app.test_client(), "admin@ddt53.fr", password).status_code == 302


def test_create_prompts_for_the_password(app, runner):
    pw = "une phrase de passe solide"
    result = runner.invoke(args=["users", "create", "ed@caue53.fr", "--role", "editeur", "--structure", "caue-53"],
                           input=f"{pw}\n{pw}\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = get_session().scalar(select(Utilisateur))
        assert [s.slug for s in user.structures] == ["caue-53"]


def test_create_refuses_an_editor_without_structure_or_an_unknown_one(runner):
    result = runner.invoke(args=["users", "create", "a@b.fr", "--role", "editeur", "--generer"])
    assert result.exit_code != 0 and "au moins une structure" in result.output
    result = runner.invoke(args=["users", "create", "a@b.fr", "--role", "editeur", "--structure", "nulle-part",
                                 "--generer"])
    assert result.exit_code != 0 and "Structure inconnue : nulle-part" in result.output


def test_invite_prints_a_working_link(app, runner):
    result = runner.invoke(args=["users", "invite", "new@caue53.fr", "--structure", "caue-53",
                                 "--base-url", "https://carto.example.fr"])
    assert result.exit_code == 0, result.output
    link = re.search(r"https://carto\.example\.fr(/invitation/\S+)", result.output).group(1)
    assert app.test_client().get(link).status_code == 200


def test_unlock(app, runner):
    runner.invoke(args=["users", "create", "x@y.fr", "--role", "admin", "--generer"])
    for _ in range(5):
        login(app.test_client(), "x@y.fr", "faux")
    result = runner.invoke(args=["users", "unlock", "x@y.fr"])
    assert result.exit_code == 0 and "Compte débloqué" in result.output
