"""How guessable a new password is: zxcvbn (dictionaries of common passwords, names, keyboard runs,
repeats, dates), fed with the account's address and the service's own words, which attackers try first."""
from __future__ import annotations

import re

from zxcvbn import zxcvbn

#: zxcvbn score from 0 to 4; 3 resists an offline attack on a slow hash (scrypt here).
MIN_SCORE = 3
#: zxcvbn is quadratic in the length: a long passphrase is judged on its start.
CHECKED_LENGTH = 64
#: Words of this service and territory an attacker would put in a targeted dictionary.
LOCAL_WORDS = ("mayenne", "laval", "mairie", "prefecture", "ddt", "caue", "carto", "ingenierie", "partenaire",
               "motdepasse", "azerty")


def guessable(password: str, email: str | None = None) -> bool:
    """True when ``password`` is too easy to guess for a back-office account."""
    hints = list(LOCAL_WORDS)
    if email:
        hints += [email, *re.split(r"[@._+-]", email)]
    return zxcvbn(password[:CHECKED_LENGTH], user_inputs=[h for h in hints if h])["score"] < MIN_SCORE
