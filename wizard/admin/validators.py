"""WTForms validators built on the data rules of wizard/dataload/validate.py (one definition of each rule)."""
from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select
from wtforms import Field, Form
from wtforms.validators import ValidationError

from wizard.dataload.validate import PHONE_RE, SLUG_RE, URL_RE, parse_date
from wizard.db import get_session
from wizard.models import Commune, Epci


def _value(field: Field) -> str:
    return (field.data or "").strip() if isinstance(field.data, str) else field.data


def phone(_form: Form, field: Field) -> None:
    if field.data and not PHONE_RE.match(field.data.strip()):
        raise ValidationError("Numéro de téléphone invalide : écrivez-le comme « 02 43 00 00 00 » "
                              "(10 chiffres groupés par deux) ou un numéro court à 4 chiffres.")


def url(_form: Form, field: Field) -> None:
    if field.data and not URL_RE.match(field.data.strip()):
        raise ValidationError("Adresse web invalide : elle doit commencer par http:// ou https://.")


def email(_form: Form, field: Field) -> None:
    if field.data:
        try:
            validate_email(field.data.strip(), check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError("Adresse électronique invalide (format attendu : nom@domaine.fr).") from exc


def date(_form: Form, field: Field) -> None:
    # The data rule itself: the format and a real date (no month 13, no 31 April).
    if field.data and not parse_date(field.data.strip()):
        raise ValidationError("Date invalide : écrivez une date réelle, AAAA, AAAA-MM ou AAAA-MM-JJ "
                              "(par exemple 2026-11-25).")


def slug(_form: Form, field: Field) -> None:
    if field.data and not SLUG_RE.match(field.data.strip()):
        raise ValidationError("Identifiant invalide : minuscules, chiffres et tirets (par exemple « conseil-voirie »).")


def commune(_form: Form, field: Field) -> None:
    value = _value(field)
    if value and get_session().get(Commune, value) is None:
        raise ValidationError(f"Code commune INSEE inconnu : « {value} ».")


def split_codes(text: str | None) -> list[str]:
    """Codes typed separated by commas, spaces or new lines."""
    return [c for c in re.split(r"[\s,;]+", text or "") if c]


def codes(kind: str):
    """Territory codes of one kind (departement, epci, commune) that must exist."""
    def check(_form: Form, field: Field) -> None:
        values = split_codes(field.data)
        if kind == "departement":
            bad = [v for v in values if not re.match(r"^(?:\d{2,3}|2[AB])$", v)]
        else:
            model, column = (Epci, Epci.code) if kind == "epci" else (Commune, Commune.code)
            known = set(get_session().scalars(select(column).where(column.in_(values)))) if values else set()
            bad = [v for v in values if v not in known]
        if bad:
            raise ValidationError(f"Code{'s' if len(bad) > 1 else ''} inconnu{'s' if len(bad) > 1 else ''} : "
                                  f"{', '.join(bad)}.")
    return check


def taxonomy_slugs(vocabulary: str, required: bool = True):
    """Every chosen value must be a slug of the taxonomy vocabulary (tampered forms are refused)."""
    def check(_form: Form, field: Field) -> None:
        taxonomy = current_app.extensions["taxonomy"]
        values = field.data or []
        if required and not values:
            raise ValidationError("Choisissez au moins une valeur.")
        bad = [v for v in values if not taxonomy.has(vocabulary, v)]
        if bad:
            raise ValidationError(f"Valeur hors de la taxonomie : {', '.join(bad)}.")
    return check
