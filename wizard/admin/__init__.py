"""Back-office of the partners (/admin): fiches, history, moderation, data quality, parcours, accounts."""
from flask import Blueprint, abort, redirect, render_template, request, url_for

from wizard.auth.session import current_user
from wizard.models.compte import ROLES

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def _guard():
    """Every back-office page needs a logged-in admin or editor; finer rights are checked per view."""
    user = current_user()
    if user is None:
        return redirect(url_for("auth.connexion", suivant=request.full_path.rstrip("?")))
    if user.role not in ROLES:
        abort(403)
    return None


@bp.errorhandler(403)
def _forbidden(_exc):
    message = ("Votre compte ne permet pas d'accéder à cette page : un éditeur ne modifie que les fiches des "
               "structures qui lui sont rattachées. Contactez la DDT de la Mayenne si un rattachement manque.")
    return render_template("pages/erreur.html", code=403, titre="Accès refusé", message=message), 403


@bp.after_request
def _no_store(response):
    # Back-office pages show personal and unpublished data: never cache them.
    response.headers["Cache-Control"] = "no-store"
    return response


from wizard.admin import (  # noqa: E402,F401
    index,
    offres,
    parcours,
    qualite,
    structures,
    suggestions,
    utilisateurs,
)
