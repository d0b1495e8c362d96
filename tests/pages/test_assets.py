"""Static files: fingerprinted, pre-compressed, cached for good; HTML compressed; the DSFR subset covers the pages."""
from __future__ import annotations

import gzip
import importlib.util
import re

from wizard.config import ROOT

VENDOR = sorted((ROOT / "static" / "vendor").glob("dsfr-*"))[-1]
SUBSET_CSS = (VENDOR / "dsfr.subset.min.css").read_text(encoding="utf-8")
SOURCES = [p for folder in ("templates", "static/js", "static/css") for p in (ROOT / folder).rglob("*")
           if p.suffix in (".html", ".js", ".css")]


def _subset_module():
    spec = importlib.util.spec_from_file_location("dsfr_subset", ROOT / "scripts" / "dsfr_subset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_pages_name_fingerprinted_assets_served_immutable_and_compressed(client):
    html = client.get("/").get_data(as_text=True)
    urls = _asset_urls(html)
    assert any("dsfr.subset.min." in u for u in urls) and any("htmx.min." in u for u in urls)
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.[a-z0-9]+$", url), url
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, url
        assert "immutable" in response.headers["Cache-Control"], url
        assert "max-age=315360000" in response.headers["Cache-Control"], url
        if url.endswith((".css", ".js", ".svg")):
            assert response.headers.get("Content-Encoding") == "gzip", url
            assert gzip.decompress(response.get_data())  # a real gzip body, not a label
        response.close()
    brotli = client.get(next(u for u in urls if "dsfr.subset.min." in u), headers={"Accept-Encoding": "br"})
    assert brotli.headers.get("Content-Encoding") == "br"
    brotli.close()


def test_stylesheet_urls_point_at_fingerprinted_files_that_exist(client):
    css_url = next(u for u in _asset_urls(client.get("/").get_data(as_text=True)) if "dsfr.subset.min." in u)
    response = client.get(css_url)
    css = response.get_data(as_text=True)
    response.close()
    base = css_url.rsplit("/", 1)[0]
    targets = set(re.findall(r"url\(([^)]+)\)", css)) - {u for u in re.findall(r"url\(([^)]+)\)", css)
                                                            if u.startswith(("data:", "'data:", '"data:'))}
    assert any("Marianne-Regular." in t for t in targets)
    for target in sorted(targets)[:40] + [t for t in targets if "fonts/" in t]:
        assert re.search(r"\.[0-9a-f]{12}\.[a-z0-9]+$", target), target
        response = client.get(f"{base}/{target}")
        assert response.status_code == 200, target
        response.close()


def test_html_is_compressed_when_the_browser_accepts_it(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip, deflate"})
    response.close()
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert "Trouver" in gzip.decompress(response.get_data()).decode("utf-8")


def test_fonts_kept_are_preloaded_and_only_those_declared(client):
    subset = _subset_module()
    faces = re.findall(r"@font-face\{[^}]*url\(fonts/([A-Za-z-]+)\.woff2\)", SUBSET_CSS)
    assert sorted(faces) == sorted(subset.FONTS)
    page = client.get("/").get_data(as_text=True)
    preload = r'<link rel="preload" href="[^"]*/fonts/([A-Za-z-]+)(?:\.[0-9a-f]+)?\.woff2" as="font"'
    preloaded = re.findall(preload, page)
    assert sorted(preloaded) == sorted(subset.FONTS)


def test_every_dsfr_component_and_icon_the_templates_use_is_in_the_subset():
    """A class of a component left out of scripts/dsfr_subset.py would render unstyled: add the
    component there and re-run scripts/vendor_assets.sh."""
    subset = _subset_module()
    text = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    # Components of the DSFR package that the subset leaves out (its full list, dsfr 1.15).
    all_components = ("accordion", "alert", "badge", "breadcrumb", "button", "callout", "card", "checkbox",
                      "connect", "consent", "content", "display", "download", "follow", "footer", "form", "header",
                      "highlight", "input", "link", "logo", "modal", "navigation", "notice", "pagination",
                      "password", "quote", "radio", "range", "search", "segmented", "select", "share", "sidemenu",
                      "skiplink", "stepper", "summary", "tab", "table", "tag", "tile", "toggle", "tooltip",
                      "transcription", "translate", "upload")
    for name in set(all_components) - set(subset.COMPONENTS):
        used = re.findall(rf"\bfr-{name}s?(?:__|--|-group|-[a-z]+)?(?=[\s\"'{{}}])", text)
        assert not used, f"fr-{name} utilisé mais absent du sous-ensemble DSFR"
    for icon in sorted(set(re.findall(r"\bfr-icon-[a-z0-9-]+", text))):
        assert f".{icon}:before" in SUBSET_CSS or f".{icon}:after" in SUBSET_CSS, icon
    assert ".fr-radio-group" in SUBSET_CSS and ".fr-stepper" in SUBSET_CSS
