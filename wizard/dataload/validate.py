"""Validate the parsed data files against the taxonomy and the territories.

Every problem is collected (not only the first) with its file, line and field,
so that an author fixes a file in one pass.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email

from wizard.dataload.errors import DataError
from wizard.dataload.mapping import TERRITOIRE_KIND
from wizard.dataload.reader import line_of
from wizard.taxonomy import Taxonomy

#: Offer field → taxonomy vocabulary of its slugs.
OFFRE_VOCABULARIES = {"thematiques": "thematiques", "besoins": "besoins", "stades": "stades",
                      "publics": "types_collectivite"}
TERRITOIRE_KINDS = tuple(TERRITOIRE_KIND)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# French numbers as published: 10 digits grouped by two, or a 4-digit short number.
PHONE_RE = re.compile(r"^(?:0\d(?: \d\d){4}|\d{4})$")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass
class Checker:
    """Collects located errors for one file."""

    file: str
    taxonomy: Taxonomy
    communes: set[str]
    epcis: set[str]
    errors: list[DataError] = field(default_factory=list)

    def error(self, node: Any, key: str | int | None, path: str, message: str) -> None:
        self.errors.append(DataError(self.file, line_of(node, key), path, message))

    def required_text(self, node: Any, key: str, path: str) -> None:
        value = node.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(node, key, f"{path}.{key}", "champ obligatoire manquant ou vide")

    def one_of(self, node: Any, key: str, path: str, allowed: tuple[str, ...]) -> None:
        value = node.get(key)
        if value not in allowed:
            self.error(node, key, f"{path}.{key}",
                       f"valeur « {value} » inconnue ; valeurs possibles : {', '.join(allowed)}")

    def url(self, node: Any, key: str, path: str, required: bool = False) -> None:
        value = node.get(key)
        if value is None and not required:
            return
        if not isinstance(value, str) or not URL_RE.match(value):
            self.error(node, key, f"{path}.{key}", f"adresse web invalide : « {value} » (attendu http:// ou https://)")

    def email(self, node: Any, key: str, path: str) -> None:
        value = node.get(key)
        if value is None:
            return
        try:
            validate_email(str(value), check_deliverability=False)
        except EmailNotValidError:
            self.error(node, key, f"{path}.{key}", f"adresse électronique invalide : « {value} »")

    def phone(self, node: Any, key: str, path: str) -> None:
        value = node.get(key)
        if value is not None and not PHONE_RE.match(str(value)):
            self.error(node, key, f"{path}.{key}",
                       f"numéro de téléphone invalide : « {value} » (attendu « 02 43 00 00 00 »)")

    def date(self, node: Any, key: str, path: str, required: bool = False) -> None:
        value = node.get(key)
        if value is None:
            if required:
                self.error(node, key, f"{path}.{key}", "date obligatoire manquante")
            return
        if isinstance(value, dt.date):
            return
        if not DATE_RE.match(str(value)):
            self.error(node, key, f"{path}.{key}", f"date invalide : « {value} » (attendu AAAA, AAAA-MM ou AAAA-MM-JJ)")

    def slugs(self, node: Any, key: str, path: str, vocabulary: str, required: bool) -> None:
        values = node.get(key)
        if values is None or (isinstance(values, list) and not values):
            if required:
                self.error(node, key, f"{path}.{key}", "au moins une valeur est attendue")
            return
        if not isinstance(values, list):
            self.error(node, key, f"{path}.{key}", "une liste est attendue")
            return
        for i, slug in enumerate(values):
            if not self.taxonomy.has(vocabulary, str(slug)):
                hint = self.taxonomy.suggest(vocabulary, str(slug))
                extra = f" ; vouliez-vous dire « {hint} » ?" if hint else ""
                self.error(values, i, f"{path}.{key}[{i}]",
                           f"« {slug} » n'est pas dans la taxonomie ({vocabulary}){extra}")

    def sources(self, node: Any, key: str, path: str, required: bool) -> None:
        values = node.get(key)
        if not values:
            if required:
                self.error(node, key, f"{path}.{key}", "au moins une source est attendue")
            return
        for i, source in enumerate(values):
            if not isinstance(source, dict):
                self.error(values, i, f"{path}.{key}[{i}]", "une source est un {url, date, appuie}")
                continue
            self.url(source, "url", f"{path}.{key}[{i}]", required=True)
            self.date(source, "date", f"{path}.{key}[{i}]")


def check_structures(doc: Any, checker: Checker) -> None:
    """Check data/structures.yaml."""
    if not isinstance(doc, dict) or not isinstance(doc.get("structures"), list):
        checker.error(doc, None, "structures", "le fichier doit contenir une liste « structures »")
        return
    checker.date(doc, "date", "date", required=True)
    seen: set[str] = set()
    for i, s in enumerate(doc["structures"]):
        if not isinstance(s, dict):
            checker.error(doc["structures"], i, f"structures[{i}]", "une structure est un dictionnaire")
            continue
        slug = s.get("slug")
        path = f"structures[{slug or i}]"
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            checker.error(s, "slug", f"{path}.slug",
                          f"identifiant invalide : « {slug} » (minuscules, chiffres, tirets)")
        elif slug in seen:
            checker.error(s, "slug", f"{path}.slug", f"identifiant en double : « {slug} »")
        seen.add(str(slug))
        checker.required_text(s, "nom", path)
        checker.one_of(s, "categorie", path, checker.taxonomy.slugs("categories"))
        checker.one_of(s, "confiance", path, checker.taxonomy.slugs("confiances"))
        checker.url(s, "site_web", path)
        checker.date(s, "verifie_le", path, required=True)
        checker.sources(s, "sources", path, required=True)
        siege = s.get("siege_commune")
        if siege is not None and str(siege) not in checker.communes:
            checker.error(s, "siege_commune", f"{path}.siege_commune", f"code commune inconnu : « {siege} »")
        for j, c in enumerate(s.get("contacts") or []):
            cpath = f"{path}.contacts[{j}]"
            checker.required_text(c, "libelle", cpath)
            checker.phone(c, "telephone", cpath)
            checker.email(c, "email", cpath)
            if any(c.get(k) for k in ("telephone", "email", "adresse")):
                source = c.get("source")
                if not isinstance(source, dict) or not source.get("url"):
                    checker.error(c, "source", f"{cpath}.source", "une coordonnée publiée doit citer sa source")
                else:
                    checker.url(source, "url", f"{cpath}.source", required=True)
                    checker.date(source, "date", f"{cpath}.source")
        offres_seen: set[str] = set()
        for j, o in enumerate(s.get("offres") or []):
            opath = f"{path}.offres[{o.get('slug') or j}]"
            oslug = o.get("slug")
            if not isinstance(oslug, str) or not SLUG_RE.match(oslug):
                checker.error(o, "slug", f"{opath}.slug", f"identifiant invalide : « {oslug} »")
            elif oslug in offres_seen:
                checker.error(o, "slug", f"{opath}.slug", f"offre en double : « {oslug} »")
            offres_seen.add(str(oslug))
            checker.required_text(o, "titre", opath)
            for key, vocabulary in OFFRE_VOCABULARIES.items():
                checker.slugs(o, key, opath, vocabulary, required=True)
            checker.one_of(o, "cout", opath, checker.taxonomy.slugs("couts"))
            pop = o.get("population_max")
            if pop is not None and (not isinstance(pop, int) or pop <= 0):
                checker.error(o, "population_max", f"{opath}.population_max",
                              "un nombre d'habitants positif est attendu")
            _check_territoire(o, opath, checker)
            checker.sources(o, "sources", opath, required=False)


def _check_territoire(offre: Any, path: str, checker: Checker) -> None:
    territoire = offre.get("territoire")
    if not isinstance(territoire, dict) or not any(territoire.get(k) for k in TERRITOIRE_KINDS):
        checker.error(offre, "territoire", f"{path}.territoire",
                      "indiquez au moins un territoire (departements, epcis ou communes)")
        return
    for key in territoire:
        if key not in TERRITOIRE_KINDS:
            checker.error(territoire, key, f"{path}.territoire.{key}",
                          f"clé inconnue ; clés possibles : {', '.join(TERRITOIRE_KINDS)}")
    known = {"epcis": checker.epcis, "communes": checker.communes}
    for kind, codes in known.items():
        for i, code in enumerate(territoire.get(kind) or []):
            if str(code) not in codes:
                checker.error(territoire[kind], i, f"{path}.territoire.{kind}[{i}]", f"code inconnu : « {code} »")
    for i, code in enumerate(territoire.get("departements") or []):
        if not re.match(r"^(?:\d{2,3}|2[AB])$", str(code)):
            checker.error(territoire["departements"], i, f"{path}.territoire.departements[{i}]",
                          f"code de département invalide : « {code} »")


def check_dispositifs(doc: Any, checker: Checker, structure_slugs: set[str]) -> None:
    """Check data/dispositifs.yaml."""
    items = doc.get("dispositifs") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        checker.error(doc, None, "dispositifs", "le fichier doit contenir une liste « dispositifs »")
        return
    seen: set[str] = set()
    for i, d in enumerate(items):
        slug = d.get("slug")
        path = f"dispositifs[{slug or i}]"
        if not isinstance(slug, str) or not SLUG_RE.match(slug) or slug in seen:
            checker.error(d, "slug", f"{path}.slug", f"identifiant invalide ou en double : « {slug} »")
        seen.add(str(slug))
        checker.required_text(d, "nom", path)
        checker.date(d, "debut", path)
        checker.date(d, "fin", path)
        checker.slugs(d, "thematiques", path, "thematiques", required=False)
        checker.sources(d, "sources", path, required=True)
        for j, ref in enumerate(d.get("structures") or []):
            if ref not in structure_slugs:
                checker.error(d["structures"], j, f"{path}.structures[{j}]", f"structure inconnue : « {ref} »")
        for j, code in enumerate(d.get("communes") or []):
            if str(code) not in checker.communes:
                checker.error(d["communes"], j, f"{path}.communes[{j}]", f"code commune inconnu : « {code} »")


def check_enquete(doc: Any, checker: Checker, structure_slugs: set[str]) -> None:
    """Check data/enquete.yaml."""
    if not isinstance(doc, dict):
        checker.error(doc, None, "enquete", "le fichier doit être un dictionnaire")
        return
    for i, row in enumerate(doc.get("connaissance") or []):
        ref = row.get("structure")
        if ref is not None and ref not in structure_slugs:
            checker.error(row, "structure", f"connaissance[{i}].structure", f"structure inconnue : « {ref} »")
    for i, row in enumerate(doc.get("besoins") or []):
        if not checker.taxonomy.has("thematiques", str(row.get("thematique"))):
            checker.error(row, "thematique", f"besoins[{i}].thematique",
                          f"« {row.get('thematique')} » n'est pas une thématique de la taxonomie")
