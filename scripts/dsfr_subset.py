"""Build the DSFR subset the pages use, from an unpacked @gouvfr/dsfr dist/ (called by vendor_assets.sh).

    python3 scripts/dsfr_subset.py <package dist/> <destination folder>

The DSFR ships its CSS and JS per component (core/, component/<name>/) and its icon classes per
family (utility/icons/icons-<family>/). The site uses a fraction of them, so instead of the full
dsfr.min.css (730 KB) and icons.min.css (360 KB) this writes:

- ``dsfr.subset.min.css``: core + the COMPONENTS + the ICON_FAMILIES, in that order (the order of
  dsfr.main.min.css), every ``url()`` rewritten relative to the destination folder, the
  ``@font-face`` rules of the left-out faces removed (the browser then uses the nearest kept weight);
- ``dsfr.subset.module.min.js`` / ``dsfr.subset.nomodule.min.js``: core + the components that have
  a script (each module file in its own block: they all declare ``const e=window.dsfr``);
- the files these ``url()`` reach (icons, fonts), and nothing else.

Needs fontTools and brotli (the `dev` extra of pyproject.toml) for the fonts. Prints what it kept.
Fails on an unknown component, family or font.
"""
from __future__ import annotations

import posixpath
import re
import shutil
import sys
from pathlib import Path

#: DSFR components whose classes the templates use (tests/pages/test_assets.py checks it).
COMPONENTS = ("accordion", "alert", "badge", "breadcrumb", "button", "callout", "card", "checkbox", "footer",
              "form", "header", "input", "link", "logo", "modal", "navigation", "notice", "pagination", "radio",
              "search", "select", "sidemenu", "skiplink", "stepper", "table", "tag", "tile")
#: Icon families holding the fr-icon-* classes the templates use.
ICON_FAMILIES = ("arrows", "buildings", "business", "design", "device", "document", "map", "system")
#: Font faces kept (woff2 only). Regular and bold carry the pages; the other weights fall back to
#: the nearest kept one (500 → 400) and italics are synthesized: each face costs ~30 KB.
FONTS = ("Marianne-Regular", "Marianne-Bold")
#: Characters kept in the fonts (fontTools subset): Latin-1 (all of French), œ Œ Ÿ, typographic
#: spaces, dashes, quotes, ellipsis, bullet, euro. Any other character is drawn by the fallback font.
UNICODES = ("U+0020-007E,U+00A0-00FF,U+0152-0153,U+0178,U+02C6,U+02DA,U+02DC,U+2009,U+2013-2014,"
            "U+2018-201A,U+201C-201E,U+2022,U+2026,U+202F,U+2032-2033,U+20AC,U+2122,U+2212")

URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")
FONT_FACE = re.compile(r"@font-face\{[^}]*\}")


def _rebase(css: str, source_dir: str, referenced: set[str]) -> str:
    """Rewrite each relative url() of a file of ``source_dir`` (relative to dist/) against dist/."""
    def replace(match: re.Match) -> str:
        url = match.group(2)
        if url.startswith(("data:", "http:", "https:", "#")):
            return match.group(0)
        path = posixpath.normpath(posixpath.join(source_dir, url.split("?")[0].split("#")[0]))
        referenced.add(path)
        return f"url({path})"
    return URL.sub(replace, css)


def _fonts_only(css: str) -> str:
    """Drop the @font-face rules of the faces not kept, and the woff fallbacks of those kept."""
    def keep(match: re.Match) -> str:
        rule = match.group(0)
        if not any(f"/{name}.woff2" in rule or f"({name}.woff2" in rule for name in FONTS):
            return ""
        return re.sub(r',url\([^)]*\.woff\) format\("woff"\)', "", rule)
    return FONT_FACE.sub(keep, css)


def _subset_font(source: Path, target: Path) -> None:
    """Keep UNICODES only (the package's fonts cover ~600 characters: half of each file)."""
    from fontTools import subset

    subset.main([str(source), f"--unicodes={UNICODES}", "--layout-features=*", "--flavor=woff2",
                 f"--output-file={target}"])


def build(dist: Path, dest: Path) -> list[str]:
    parts = [("core", "core.main.min.css")]
    parts += [(f"component/{c}", f"{c}.main.min.css") for c in COMPONENTS]
    parts += [(f"utility/icons/icons-{f}", f"icons-{f}.main.min.css") for f in ICON_FAMILIES]
    referenced: set[str] = set()
    css = []
    for folder, name in parts:
        source = dist / folder / name
        if not source.is_file():
            raise SystemExit(f"absent du paquet : {folder}/{name}")
        css.append(_rebase(source.read_text(encoding="utf-8"), folder, referenced))
    bundle = _fonts_only("\n".join(css))
    kept = {path for path in referenced if f"url({path})" in bundle}
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "dsfr.subset.min.css").write_text(bundle, encoding="utf-8")
    for path in sorted(kept):
        if not (dist / path).is_file():
            raise SystemExit(f"url() sans fichier : {path}")
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        if path.endswith(".woff2"):
            _subset_font(dist / path, dest / path)
        else:
            shutil.copyfile(dist / path, dest / path)
    missing_fonts = [f for f in FONTS if f"fonts/{f}.woff2" not in kept]
    if missing_fonts:
        raise SystemExit(f"police absente du paquet : {missing_fonts}")

    for kind in ("module", "nomodule"):
        scripts = [dist / "core" / f"core.{kind}.min.js"]
        scripts += [p for c in COMPONENTS if (p := dist / "component" / c / f"{c}.{kind}.min.js").is_file()]
        # A block per module file: each declares `const e=window.dsfr` at its top level.
        body = "\n".join((f"{{\n{s.read_text(encoding='utf-8')}\n}}" if kind == "module"
                          else s.read_text(encoding="utf-8")) for s in scripts)
        (dest / f"dsfr.subset.{kind}.min.js").write_text(body, encoding="utf-8")
    return sorted(kept)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    files = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"DSFR subset: {len(COMPONENTS)} components, {len(ICON_FAMILIES)} icon families, "
          f"{len(files)} referenced files ({', '.join(FONTS)})")
