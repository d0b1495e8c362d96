"""New passwords: long enough and not guessable (common passwords, keyboard runs, repeats, the address)."""
from __future__ import annotations

import pytest

from tests.auth.conftest import EMAIL, PASSWORD, login
from wizard.auth.services import AccountError, check_password_strength

WEAK = ["aaaaaaaaaaaa", "azertyuiop12", "password1234", "motdepasse123", "123456789012", "Mayenne2026!",
        "editeur@caue53.fr"]
STRONG = ["une phrase de passe solide", "correct horse battery staple", "Trois chats gris sous la pluie"]


@pytest.mark.parametrize("password", WEAK)
def test_guessable_passwords_are_refused_in_french(password):
    with pytest.raises(AccountError, match="trop facile à deviner"):
        check_password_strength(password, email=EMAIL)


@pytest.mark.parametrize("password", STRONG)
def test_passphrases_are_accepted(password):
    check_password_strength(password, email=EMAIL)


def test_the_password_change_page_refuses_a_guessable_one(client, editor):
    login(client)
    response = client.post("/mot-de-passe", data={"actuel": PASSWORD, "nouveau": "aaaaaaaaaaaa",
                                                  "confirmation": "aaaaaaaaaaaa"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    # Shown under the new password's field (the current one was right).
    assert "trop facile à deviner" in html[html.index('id="nouveau-messages"'):]
    assert login(client.application.test_client()).status_code == 302  # the old password still works
