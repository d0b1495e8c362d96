"""A crawl of the public site, as a visitor would follow its links: no research note, no refused source.

Every internal link reachable from the home page is fetched (the partners' space and the API aside:
they are not public pages), plus the result pages of typical requests. The phrases and domains come
from data/politique-sources.yaml, the same policy the loader applies, so the two cannot drift.
"""
from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from wizard.dataload.policy import load_policy

DATA = Path(__file__).resolve().parents[2] / "data"
HREF = re.compile(r'href="([^"]+)"')
MAX_VARIANTS = 25
SKIP = ("/admin", "/api", "/static", "/compte", "/connexion")
REQUESTS = tuple("/parcours/resultats?profil=elu&type_collectivite=commune&projet=&" + q for q in (
    "commune=53276&thematique=eau&besoin=technique&stade=etudes",
    "commune=53130&thematique=urbanisme&besoin=juridique&stade=emergence",
    "commune=53062&thematique=sante&besoin=accompagnement&stade=conception",
    "commune=53134&thematique=architecture-batiment&besoin=financiere&stade=realisation",
))


def _visible(html: str) -> str:
    """The page's text, without scripts, styles and tags (a phrase in an attribute is not read)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def pages(loaded_sqlite, tmp_path_factory) -> dict[str, str]:
    import shutil

    from wizard import create_app
    db = tmp_path_factory.mktemp("crawl") / "app.sqlite"
    shutil.copy(loaded_sqlite, db)
    client = create_app({"DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "test", "TESTING": True,
                         "RATELIMIT_ENABLED": False}).test_client()
    seen: dict[str, str] = {}
    variants: dict[str, int] = {}
    todo = deque(["/", *REQUESTS])
    while todo:
        url = todo.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code in (200, 301, 302), (url, response.status_code)
        if response.status_code != 200 or response.mimetype != "text/html":
            seen[url] = ""
            continue
        html = response.get_data(as_text=True)
        seen[url] = html
        for href in HREF.findall(html):
            link, _ = urldefrag(urljoin(url, href.replace("&amp;", "&")))
            parts = urlsplit(link)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                continue
            # One commune page stands for all: they share their template and their facts' sources.
            if parts.path.startswith("/communes/") and any(u.startswith("/communes/5") for u in seen):
                continue
            # Filters multiply a page by its choices (thématique × type of help…): a few of each page
            # show its wording; the data they list is reached through the fiches themselves.
            variants[parts.path] = variants.get(parts.path, 0) + 1
            if variants[parts.path] > MAX_VARIANTS:
                continue
            todo.append(link)
    return seen


def test_the_crawl_reaches_every_area(pages):
    paths = {urlsplit(u).path for u in pages}
    for area in ("/annuaire", "/dispositifs", "/cartographie", "/parcours/resultats"):
        assert any(p.startswith(area) for p in paths), area
    assert sum(p.startswith("/structures/") for p in paths) >= 40  # every fiche is linked from the directory


def test_no_public_page_shows_a_research_note(pages):
    policy = load_policy(DATA)
    found = {(url, phrase) for url, html in pages.items() if html
             if (phrase := policy.internal_phrase(_visible(html)))}
    assert not found


def test_no_public_page_links_to_a_refused_source(pages):
    policy = load_policy(DATA)
    refused = {(url, href) for url, html in pages.items() for href in HREF.findall(html)
               if href.startswith("http") and policy.refusal(href)}
    assert not refused


def test_no_public_page_lets_a_guillemet_start_or_end_a_line(pages):
    """« Guillemets » are held to their words by no-break spaces, in the templates' text as in the data."""
    broken: dict[str, list[str]] = {}
    for url, html in pages.items():
        text = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", html, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
        found = re.findall(r".{0,30}(?:«[ \t\r\n]|[ \t\r\n]»).{0,10}", text)
        if found:
            broken[url] = found[:3]
    assert sum(1 for html in pages.values() if "«" in html) >= 20  # the check has something to check
    assert not broken, "\n".join(f"{u} {f}" for u, f in list(broken.items())[:400])
