"""Validate the parsed data files against the taxonomy, the territories and the source policy.

Every problem is collected (not only the first) with its file, line and field, so that an author
fixes a file in one pass. Unknown fields are refused: a typo must not silently drop a fact.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from email_validator import EmailNotValidError, validate_email

from wizard.dataload.errors import DataError
from wizard.dataload.mapping import TERRITOIRE_KIND
from wizard.dataload.policy import SourcePolicy
from wizard.dataload.reader import line_of
from wizard.taxonomy import Taxonomy

TERRITOIRE_KINDS = tuple(TERRITOIRE_KIND)
#: Offer list field → taxonomy vocabulary of its slugs.
OFFRE_VOCABULARIES = {"thematiques": "thematiques", "besoins": "besoins", "stades": "stades",
                      "publics": "types_collectivite", "profils": "profils"}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# French numbers as published: 10 digits grouped by two, or a 4-digit short number.
PHONE_RE = re.compile(r"^(?:0\d(?: \d\d){4}|\d{4})$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

STRUCTURE_KEYS = ("slug", "nom", "sigle", "categorie", "niveau", "nature", "presentation", "site_web",
                  "siege_commune", "sources", "faits_sources", "contacts", "interne", "offres", "anciens_slugs")
SOURCE_KEYS = ("id", "titre", "editeur", "url", "date", "consulte_le", "copie_consultee")
CONTACT_KEYS = ("libelle", "telephone", "email", "formulaire", "page_contact", "adresse", "source")
CHANNELS = ("telephone", "email", "formulaire", "page_contact", "adresse")
INTERNE_KEYS = ("confiance", "a_verifier", "pistes", "certitude")
OFFRE_KEYS = ("slug", "titre", "role", "description", "thematiques", "besoins", "stades", "publics", "profils",
              "population_max", "population_min", "eligibilite", "competence", "mots_cles", "territoire", "cout",
              "conditions", "ne_fait_pas", "a_preparer", "formation", "sources", "interne")
FORMATION_KEYS = ("format", "frequence", "inscription", "financement")
ELIGIBILITE_OFFRE_KEYS = ("dispositif", "texte")
DISPOSITIF_KEYS = ("slug", "nom", "porteur", "structures", "type", "financement", "description",
                   "declinaison_locale", "thematiques", "besoins", "debut", "fin", "fin_statut", "successeur",
                   "prochaines_echeances", "eligibilite", "communes", "sources", "faits_sources", "interne")
ELIGIBILITE_KEYS = ("types_collectivite", "population_max", "population_sous_condition", "epci_population_max",
                    "communes_listees", "texte")
ECHEANCE_KEYS = ("date", "libelle", "source")
#: Fields whose text is shown to the public (research-note phrases are refused there).
PUBLIC_TEXTS = ("nom", "nature", "presentation", "titre", "description", "conditions", "ne_fait_pas",
                "a_preparer", "declinaison_locale", "fin_statut", "texte", "libelle", "format", "frequence")


def parse_date(value: Any) -> bool:
    """Whether ``value`` is a real date written AAAA, AAAA-MM or AAAA-MM-JJ."""
    m = DATE_RE.match(str(value))
    if not m:
        return False
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


@dataclass
class Checker:
    """Collects located errors for one file."""

    file: str
    taxonomy: Taxonomy
    communes: set[str]
    epcis: set[str]
    policy: SourcePolicy = field(default_factory=SourcePolicy)
    errors: list[DataError] = field(default_factory=list)

    def error(self, node: Any, key: str | int | None, path: str, message: str) -> None:
        self.errors.append(DataError(self.file, line_of(node, key), path, message))

    def mapping(self, node: Any, path: str, what: str) -> bool:
        if not isinstance(node, dict):
            self.error(node, None, path, f"{what} : un ensemble de champs « clé: valeur » est attendu")
            return False
        return True

    def keys(self, node: Any, allowed: Iterable[str], path: str) -> None:
        """Refuse fields the schema does not know (with the closest known one)."""
        allowed = tuple(allowed)
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
                self.error(node, key, f"{path}.{key}", f"champ inconnu{hint} (champs possibles : {', '.join(allowed)})")

    def slug(self, node: Any, path: str) -> bool:
        """The node's ``slug`` is a valid identifier (lower case, digits, dashes)."""
        value = node.get("slug")
        if isinstance(value, str) and SLUG_RE.match(value):
            return True
        self.error(node, "slug", f"{path}.slug", f"identifiant invalide : « {value} » (minuscules, chiffres, tirets)")
        return False

    def required_text(self, node: Any, key: str, path: str) -> None:
        value = node.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(node, key, f"{path}.{key}", "champ obligatoire manquant ou vide")

    def optional_text(self, node: Any, key: str, path: str) -> None:
        value = node.get(key)
        if value is not None and not isinstance(value, str):
            self.error(node, key, f"{path}.{key}", "un texte est attendu")

    def public_texts(self, node: Any, path: str) -> None:
        """Public text says facts, not research notes."""
        for key in PUBLIC_TEXTS:
            value = node.get(key)
            if isinstance(value, str):
                found = self.policy.internal_phrase(value)
                if found:
                    self.error(node, key, f"{path}.{key}", f"formule de note de recherche « {found} » dans un texte "
                                                           "public : mettez-la dans « interne »")

    def one_of(self, node: Any, key: str, path: str, allowed: tuple[str, ...], default: str | None = None) -> None:
        value = node.get(key, default)
        if value not in allowed:
            self.error(node, key, f"{path}.{key}",
                       f"valeur « {value} » inconnue ; valeurs possibles : {', '.join(allowed)}")

    def boolean(self, node: Any, key: str, path: str) -> None:
        if key in node and not isinstance(node[key], bool):
            self.error(node, key, f"{path}.{key}", "true ou false attendu")

    def integer(self, node: Any, key: str, path: str) -> None:
        value = node.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
            self.error(node, key, f"{path}.{key}", "un nombre entier positif est attendu")

    def url(self, node: Any, key: str, path: str, public: bool = True) -> None:
        value = node.get(key)
        if value is None:
            return
        if not isinstance(value, str) or not URL_RE.match(value):
            self.error(node, key, f"{path}.{key}", f"adresse web invalide : « {value} » (attendu http:// ou https://)")
            return
        refused = self.policy.refusal(value) if public else None
        if refused:
            self.error(node, key, f"{path}.{key}", f"source refusée ({refused}) : « {value} »")

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
        if not parse_date(value):
            self.error(node, key, f"{path}.{key}",
                       f"date invalide : « {value} » (attendu AAAA, AAAA-MM ou AAAA-MM-JJ, date réelle)")

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

    def codes(self, values: Any, known: set[str], path: str) -> None:
        for i, code in enumerate(values or []):
            if str(code) not in known:
                self.error(values, i, f"{path}[{i}]", f"code inconnu : « {code} »")

    def sources(self, node: Any, path: str) -> set[str]:
        """Check the declared sources; return their ids."""
        values = node.get("sources")
        ids: set[str] = set()
        if not isinstance(values, list) or not values:
            self.error(node, "sources", f"{path}.sources", "au moins une source est attendue")
            return ids
        for i, source in enumerate(values):
            spath = f"{path}.sources[{i}]"
            if not self.mapping(source, spath, "une source"):
                continue
            self.keys(source, SOURCE_KEYS, spath)
            sid = source.get("id")
            if not isinstance(sid, str) or not sid.strip():
                self.error(source, "id", f"{spath}.id", "chaque source a un identifiant (« id ») pour être citée")
            elif sid in ids:
                self.error(source, "id", f"{spath}.id", f"identifiant de source en double : « {sid} »")
            ids.add(str(sid))
            self.required_text(source, "titre", spath)
            self.optional_text(source, "editeur", spath)
            self.url(source, "url", spath)
            self.url(source, "copie_consultee", spath, public=False)
            self.date(source, "date", spath)
            self.date(source, "consulte_le", spath)
            if source.get("date") is None and source.get("consulte_le") is None:
                self.error(source, "date", f"{spath}.date",
                           "chaque source porte sa date (publication) ou, à défaut, « consulte_le »")
            if source.get("url") is None and not source.get("editeur"):
                self.error(source, "editeur", f"{spath}.editeur",
                           "un document sans adresse web se cite par son titre, son éditeur et sa date")
        return ids

    def cited(self, node: Any, key: str, path: str, known: set[str], required: bool = True) -> None:
        """``node[key]``: source ids (one or a list) that must be declared."""
        value = node.get(key)
        values = value if isinstance(value, list) else ([] if value is None else [value])
        if required and not values:
            self.error(node, key, f"{path}.{key}", "citez au moins une source (par son « id »)")
        for i, ref in enumerate(values):
            if str(ref) not in known:
                close = difflib.get_close_matches(str(ref), sorted(known), n=1)
                hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
                where = (value, i) if isinstance(value, list) else (node, key)
                self.error(where[0], where[1], f"{path}.{key}", f"source « {ref} » non déclarée{hint}")

    def interne(self, node: Any, path: str) -> None:
        value = node.get("interne")
        if value is None:
            return
        if not self.mapping(value, f"{path}.interne", "interne"):
            return
        self.keys(value, INTERNE_KEYS, f"{path}.interne")
        if value.get("confiance") is not None:
            self.one_of(value, "confiance", f"{path}.interne", self.taxonomy.slugs("confiances"))


def check_structure(doc: Any, checker: Checker, dispositifs: set[str]) -> str | None:
    """Check one file of data/structures/; return its slug."""
    if not checker.mapping(doc, "structure", "le fichier"):
        return None
    checker.keys(doc, STRUCTURE_KEYS, "structure")
    slug = doc.get("slug")
    path = f"structures[{slug}]"
    checker.slug(doc, path)
    checker.required_text(doc, "nom", path)
    checker.required_text(doc, "presentation", path)
    checker.public_texts(doc, path)
    checker.one_of(doc, "categorie", path, checker.taxonomy.slugs("categories"))
    checker.one_of(doc, "niveau", path, checker.taxonomy.slugs("niveaux"))
    checker.url(doc, "site_web", path)
    siege = doc.get("siege_commune")
    if siege is not None and str(siege) not in checker.communes:
        checker.error(doc, "siege_commune", f"{path}.siege_commune", f"code commune inconnu : « {siege} »")
    for i, old in enumerate(doc.get("anciens_slugs") or []):
        if not SLUG_RE.match(str(old)):
            checker.error(doc["anciens_slugs"], i, f"{path}.anciens_slugs[{i}]", f"identifiant invalide : « {old} »")
    ids = checker.sources(doc, path)
    checker.cited(doc, "faits_sources", path, ids)
    checker.interne(doc, path)
    for j, c in enumerate(doc.get("contacts") or []):
        _check_contact(c, f"{path}.contacts[{j}]", checker, ids)
    seen: set[str] = set()
    for j, o in enumerate(doc.get("offres") or []):
        opath = f"{path}.offres[{o.get('slug') if isinstance(o, dict) else j}]"
        if checker.mapping(o, opath, "une offre"):
            _check_offre(o, opath, checker, ids, seen, doc.get("categorie"), dispositifs)
    return slug if isinstance(slug, str) else None


def _check_contact(c: Any, path: str, checker: Checker, ids: set[str]) -> None:
    if not checker.mapping(c, path, "un contact"):
        return
    checker.keys(c, CONTACT_KEYS, path)
    checker.required_text(c, "libelle", path)
    checker.public_texts(c, path)
    checker.phone(c, "telephone", path)
    checker.email(c, "email", path)
    checker.url(c, "formulaire", path)
    checker.url(c, "page_contact", path)
    if not any(c.get(k) for k in CHANNELS):
        checker.error(c, "libelle", path, "un contact donne au moins un moyen de joindre la structure")
    # A published channel cites the official page or document that shows it.
    checker.cited(c, "source", path, ids)


def _check_offre(o: Any, path: str, checker: Checker, ids: set[str], seen: set[str], categorie: Any,
                 dispositifs: set[str]) -> None:
    checker.keys(o, OFFRE_KEYS, path)
    oslug = o.get("slug")
    if checker.slug(o, path) and oslug in seen:
        checker.error(o, "slug", f"{path}.slug", f"offre en double : « {oslug} »")
    seen.add(str(oslug))
    checker.required_text(o, "titre", path)
    checker.required_text(o, "description", path)
    checker.public_texts(o, path)
    checker.one_of(o, "role", path, checker.taxonomy.slugs("roles"), default="specialiste")
    role = checker.taxonomy.terms("roles").get(o.get("role") or "specialiste")
    transversal = role is not None and role.tous_sujets
    for key, vocabulary in OFFRE_VOCABULARIES.items():
        required = key in ("besoins", "stades", "publics") or (key == "thematiques" and not transversal)
        checker.slugs(o, key, path, vocabulary, required=required)
    checker.one_of(o, "cout", path, checker.taxonomy.slugs("couts"))
    checker.integer(o, "population_max", path)
    checker.integer(o, "population_min", path)
    checker.boolean(o, "competence", path)
    mots = o.get("mots_cles")
    if mots is not None and (not isinstance(mots, list) or not all(isinstance(m, str) and m.strip() for m in mots)):
        checker.error(o, "mots_cles", f"{path}.mots_cles", "une liste de mots ou d'expressions est attendue")
    if o.get("competence") and categorie != "epci":
        checker.error(o, "competence", f"{path}.competence", "seule une intercommunalité exerce une compétence")
    eligibilite = o.get("eligibilite")
    if eligibilite is not None and checker.mapping(eligibilite, f"{path}.eligibilite", "eligibilite"):
        checker.keys(eligibilite, ELIGIBILITE_OFFRE_KEYS, f"{path}.eligibilite")
        checker.public_texts(eligibilite, f"{path}.eligibilite")
        ref = eligibilite.get("dispositif")
        if ref is not None and ref not in dispositifs:
            checker.error(eligibilite, "dispositif", f"{path}.eligibilite.dispositif",
                          f"dispositif inconnu : « {ref} »")
    formation = o.get("formation")
    if formation is not None and checker.mapping(formation, f"{path}.formation", "formation"):
        checker.keys(formation, FORMATION_KEYS, f"{path}.formation")
        checker.public_texts(formation, f"{path}.formation")
        checker.url(formation, "inscription", f"{path}.formation")
    _check_territoire(o, path, checker)
    checker.cited(o, "sources", path, ids)
    checker.interne(o, path)


def _check_territoire(offre: Any, path: str, checker: Checker) -> None:
    territoire = offre.get("territoire")
    if not isinstance(territoire, dict) or not any(territoire.get(k) for k in TERRITOIRE_KINDS):
        checker.error(offre, "territoire", f"{path}.territoire",
                      "indiquez au moins un territoire (departements, epcis ou communes)")
        return
    checker.keys(territoire, TERRITOIRE_KINDS, f"{path}.territoire")
    checker.codes(territoire.get("epcis"), checker.epcis, f"{path}.territoire.epcis")
    checker.codes(territoire.get("communes"), checker.communes, f"{path}.territoire.communes")
    for i, code in enumerate(territoire.get("departements") or []):
        if not re.match(r"^(?:\d{2,3}|2[AB])$", str(code)):
            checker.error(territoire["departements"], i, f"{path}.territoire.departements[{i}]",
                          f"code de département invalide : « {code} »")


def check_dispositif(d: Any, checker: Checker, structure_slugs: set[str], dispositifs: set[str]) -> str | None:
    """Check one file of data/dispositifs/; return its slug."""
    if not checker.mapping(d, "dispositif", "le fichier"):
        return None
    checker.keys(d, DISPOSITIF_KEYS, "dispositif")
    slug = d.get("slug")
    path = f"dispositifs[{slug}]"
    checker.slug(d, path)
    checker.required_text(d, "nom", path)
    checker.required_text(d, "description", path)
    checker.public_texts(d, path)
    checker.boolean(d, "financement", path)
    checker.date(d, "debut", path)
    checker.date(d, "fin", path)
    if d.get("fin") is None and not d.get("fin_statut"):
        checker.error(d, "fin_statut", f"{path}.fin_statut", "sans date de fin, dites-le (« sans échéance connue »)")
    if d.get("successeur") is not None and d["successeur"] not in dispositifs:
        checker.error(d, "successeur", f"{path}.successeur", f"dispositif inconnu : « {d['successeur']} »")
    checker.slugs(d, "thematiques", path, "thematiques", required=False)
    checker.slugs(d, "besoins", path, "besoins", required=False)
    for j, ref in enumerate(d.get("structures") or []):
        if ref not in structure_slugs:
            checker.error(d["structures"], j, f"{path}.structures[{j}]", f"structure inconnue : « {ref} »")
    checker.codes(d.get("communes"), checker.communes, f"{path}.communes")
    ids = checker.sources(d, path)
    checker.cited(d, "faits_sources", path, ids)
    checker.interne(d, path)
    for j, e in enumerate(d.get("prochaines_echeances") or []):
        epath = f"{path}.prochaines_echeances[{j}]"
        if checker.mapping(e, epath, "une échéance"):
            checker.keys(e, ECHEANCE_KEYS, epath)
            checker.date(e, "date", epath, required=True)
            checker.required_text(e, "libelle", epath)
            checker.public_texts(e, epath)
            checker.cited(e, "source", epath, ids)
    eligibilite = d.get("eligibilite")
    if eligibilite is not None and checker.mapping(eligibilite, f"{path}.eligibilite", "eligibilite"):
        epath = f"{path}.eligibilite"
        checker.keys(eligibilite, ELIGIBILITE_KEYS, epath)
        checker.slugs(eligibilite, "types_collectivite", epath, "types_collectivite", required=False)
        for key in ("population_max", "population_sous_condition", "epci_population_max"):
            checker.integer(eligibilite, key, epath)
        checker.boolean(eligibilite, "communes_listees", epath)
        checker.public_texts(eligibilite, epath)
        if eligibilite.get("communes_listees") and not d.get("communes"):
            checker.error(eligibilite, "communes_listees", f"{epath}.communes_listees",
                          "réservé aux communes listées, mais aucune commune n'est listée")
    return slug if isinstance(slug, str) else None


def check_enquete(doc: Any, checker: Checker, structure_slugs: set[str]) -> None:
    """Check data/enquete.yaml."""
    if not checker.mapping(doc, "enquete", "le fichier"):
        return
    for i, row in enumerate(doc.get("connaissance") or []):
        ref = row.get("structure")
        if ref is not None and ref not in structure_slugs:
            checker.error(row, "structure", f"connaissance[{i}].structure", f"structure inconnue : « {ref} »")
    for i, row in enumerate(doc.get("besoins") or []):
        if not checker.taxonomy.has("thematiques", str(row.get("thematique"))):
            checker.error(row, "thematique", f"besoins[{i}].thematique",
                          f"« {row.get('thematique')} » n'est pas une thématique de la taxonomie")
