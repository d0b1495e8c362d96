"""One Flask-WTF form per step, built from the compiled step (the engine validates the answer)."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from wizard.parcours_engine import Step

#: Name of the free-text commune search field (never a step id: step ids are answers).
RECHERCHE = "recherche"


class StepForm(FlaskForm):
    """Base of the per-step forms; answers are checked by the parcours engine."""

    class Meta:
        # CSRFProtect checks every POST before the view, and the template prints csrf_token(): a token field
        # of its own would only sign the same token again on every page.
        csrf = False


class MultiCheckbox(SelectMultipleField):
    """Checkboxes; ``pre_validate`` is off because the engine, not WTForms, judges the values."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form) -> None:  # noqa: D401 - WTForms hook
        return None


@lru_cache(maxsize=512)
def _form_class(step_id: str, kind: str, label: str, hint: str | None,
                choices: tuple[tuple[str, str], ...], with_search: bool) -> type[StepForm]:
    """The form class of a step (cached: building a class per request is measurable)."""
    attrs: dict[str, object] = {}
    options = [SelectChoice(value, text) for value, text in choices]
    if kind == "texte":
        attrs[step_id] = StringField(label, description=hint)
    elif kind == "choix_multiple":
        attrs[step_id] = MultiCheckbox(label, description=hint, choices=options)
    else:
        attrs[step_id] = RadioField(label, description=hint, choices=options, validate_choice=False)
    if with_search:
        attrs[RECHERCHE] = StringField("Nom ou code postal de la commune",
                                       description="Par exemple : Château-Gontier ou 53200. "
                                                   "Accents et tirets facultatifs.")
    return type(f"Form_{step_id}", (StepForm,), attrs)


def form_for(step: Step, choices: Sequence[tuple[str, str]], values: Sequence[str],
             with_search: bool = False, formdata=None) -> StepForm:
    """The form of ``step``: radios, checkboxes or a text input, pre-filled with ``values``."""
    form_class = _form_class(step.id, step.kind, step.question, step.aide or None,
                             tuple((v, t) for v, t in choices), with_search)
    form = form_class(formdata=formdata)
    # Shown as "(obligatoire)" to screen readers; the engine, not a validator, enforces it.
    form[step.id].flags.required = step.obligatoire
    if formdata is None:
        field = form[step.id]
        if step.kind == "texte":
            field.data = values[0] if values else ""
        elif step.multiple:
            field.data = list(values)
        else:
            field.data = values[0] if values else None
    return form
