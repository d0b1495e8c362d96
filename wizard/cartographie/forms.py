"""GET filter forms of the coverage pages (no CSRF: they change nothing)."""
from __future__ import annotations

from wtforms import Form, HiddenField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice

from wizard.cartographie.couverture import TRIS


class FiltreMatriceForm(Form):
    """Territory filter and sort order of the matrix; choices are set from the database by the view."""

    territoire = SelectField("Territoire", choices=[], validate_choice=False,
                             description="Seules les offres qui couvrent ce territoire sont prises en compte.")
    besoin = SelectField("Type d'aide", choices=[], validate_choice=False,
                         description="Pour repérer les manques : par exemple l'ingénierie juridique.")
    tri = SelectField("Trier les thématiques par", choices=[SelectChoice(k, v) for k, v in TRIS.items()],
                      default="ordre", validate_choice=False)
    vue = HiddenField(default="tableau")


class RechercheCommuneForm(Form):
    """Find a commune by name, postcode or INSEE code."""

    q = SearchField("Nom, code postal ou code INSEE de la commune",
                    description="Par exemple : Laval, 53200 ou 53130.")


class CarteForm(Form):
    """Thématique and type of help the map colours the communes for; choices set by the view."""

    thematique = SelectField("Thématique", choices=[], validate_choice=False)
    besoin = SelectField("Type d'aide", choices=[], validate_choice=False)
