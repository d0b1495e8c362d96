"""GET filters of the programme timeline (no CSRF: they change nothing)."""
from __future__ import annotations

from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice

from wizard.dispositifs.frise import ETATS


class FiltreDispositifsForm(Form):
    """Thématique, structure and state; thématique/structure choices are set by the view."""

    thematique = SelectField("Thématique", choices=[], validate_choice=False)
    structure = SelectField("Structure porteuse ou partenaire", choices=[], validate_choice=False)
    etat = SelectField("État", choices=[SelectChoice(k, v) for k, v in ETATS.items()], validate_choice=False)
