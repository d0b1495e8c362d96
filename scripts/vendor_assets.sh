#!/usr/bin/env bash
# Vendor the front-end assets (DSFR, htmx, Leaflet) into static/vendor/, pinned.
#
# Downloads the pinned npm tarballs with `npm pack` into a temp dir (nothing is
# installed, no node_modules), checks their integrity against the pins below,
# copies only what the app serves, and writes static/vendor/VERSIONS.txt
# (package, version, licence, what was left out, sha256 of every copied file).
#
# Idempotent: removes static/vendor/dsfr-*/, htmx-*/ and leaflet-*/ first.
# Usage (from anywhere): bash scripts/vendor_assets.sh
#
# To bump a version: change *_VERSION, set *_INTEGRITY to the value printed by
# `npm view <package>@<version> dist.integrity`, re-run, review the diff.
set -euo pipefail

DSFR_PACKAGE="@gouvfr/dsfr"
DSFR_VERSION="1.15.3"
DSFR_INTEGRITY="sha512-R9AALZc1LfZjtytWZMOaUIOHWTkllBZ/sZlsL8TpKZVgF3qUKXt/uNYh+L1D1Fh4p92ZqWxbtNcebsigBZe5pQ=="

HTMX_PACKAGE="htmx.org"
HTMX_VERSION="2.0.11"
HTMX_INTEGRITY="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="

# The interactive map (/cartographie/carte); the page works without it (server-side SVG).
LEAFLET_PACKAGE="leaflet"
LEAFLET_VERSION="1.9.4"
LEAFLET_INTEGRITY="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"
DSFR_DIR="$VENDOR/dsfr-$DSFR_VERSION"
HTMX_DIR="$VENDOR/htmx-$HTMX_VERSION"
LEAFLET_DIR="$VENDOR/leaflet-$LEAFLET_VERSION"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# fetch PACKAGE VERSION INTEGRITY DEST -> extracts the tarball into DEST/package
fetch() {
  local pkg="$1" version="$2" integrity="$3" dest="$4" tgz actual
  mkdir -p "$dest"
  tgz="$(cd "$dest" && npm pack "$pkg@$version" --ignore-scripts --silent | tail -n 1)"
  actual="sha512-$(openssl dgst -sha512 -binary "$dest/$tgz" | openssl base64 -A)"
  if [[ "$actual" != "$integrity" ]]; then
    echo "integrity mismatch for $pkg@$version: got $actual, pinned $integrity" >&2
    exit 1
  fi
  tar -xzf "$dest/$tgz" -C "$dest"
}

# copy SRC_ROOT RELPATH DEST_ROOT: copy one file, keeping its relative path
copy() {
  local src="$1/$2" dst="$3/$2"
  [[ -f "$src" ]] || { echo "missing in package: $2" >&2; exit 1; }
  mkdir -p "$(dirname "$dst")"
  cp "$src" "$dst"
}

fetch "$DSFR_PACKAGE" "$DSFR_VERSION" "$DSFR_INTEGRITY" "$TMP/dsfr"
fetch "$HTMX_PACKAGE" "$HTMX_VERSION" "$HTMX_INTEGRITY" "$TMP/htmx"
fetch "$LEAFLET_PACKAGE" "$LEAFLET_VERSION" "$LEAFLET_INTEGRITY" "$TMP/leaflet"
LEAFLET_SRC="$TMP/leaflet/package"
DSFR_SRC="$TMP/dsfr/package"
DIST="$DSFR_SRC/dist"
HTMX_SRC="$TMP/htmx/package"

rm -rf "$VENDOR"/dsfr-*/ "$VENDOR"/htmx-*/ "$VENDOR"/leaflet-*/ "$VENDOR/VERSIONS.txt"
mkdir -p "$DSFR_DIR" "$HTMX_DIR" "$LEAFLET_DIR"

# --- DSFR: only the parts the pages use (scripts/dsfr_subset.py: core + the listed components
#   and icon families in one CSS and one JS per kind, the fonts kept subset to French characters,
#   and the icons/fonts these files reach). url()s are relative to dsfr-<v>/.
PY="$ROOT/.venv/bin/python"; [[ -x "$PY" ]] || PY=python3
"$PY" "$ROOT/scripts/dsfr_subset.py" "$DIST" "$DSFR_DIR"
for f in "$DIST"/favicon/*; do
  copy "$DIST" "favicon/$(basename "$f")" "$DSFR_DIR"
done
cp "$DSFR_SRC/LICENSE.md" "$DSFR_DIR/LICENSE.md"

# --- htmx
cp "$HTMX_SRC/dist/htmx.min.js" "$HTMX_DIR/htmx.min.js"
cp "$HTMX_SRC/LICENSE" "$HTMX_DIR/LICENSE"

# --- Leaflet: the minified build, its CSS and the images the CSS names (layers control, markers)
for f in leaflet.js leaflet.css images/layers.png images/layers-2x.png images/marker-icon.png \
         images/marker-icon-2x.png images/marker-shadow.png; do
  copy "$LEAFLET_SRC/dist" "$f" "$LEAFLET_DIR"
done
cp "$LEAFLET_SRC/LICENSE" "$LEAFLET_DIR/LICENSE"

# --- Check that every url() of the copied CSS resolves in the copied layout
missing=0
while IFS= read -r css; do
  while IFS= read -r url; do
    # A fragment-only url (Leaflet's old-IE "url(#default#VML)") names no file
    [[ -z "$url" ]] && continue
    target="$(dirname "$css")/$url"
    if [[ ! -f "$target" ]]; then
      echo "unresolved url in ${css#"$VENDOR"/}: $url" >&2
      missing=$((missing + 1))
    fi
  done < <(grep -o 'url([^)]*)' "$css" | sed -e 's/^url(//' -e 's/)$//' -e 's/^["'\'']//' -e 's/["'\'']$//' \
             | grep -v '^data:' | sed -e 's/[?#].*$//' | sort -u)
done < <(find "$DSFR_DIR" "$LEAFLET_DIR" -name '*.css')
if [[ "$missing" -ne 0 ]]; then
  echo "$missing unresolved url(s)" >&2
  exit 1
fi

# --- VERSIONS.txt
pkg_field() { node -e 'const p=require(process.argv[1]);console.log(p[process.argv[2]]||"")' "$1/package.json" "$2"; }
{
  echo "# Front-end assets vendored by scripts/vendor_assets.sh — do not edit by hand."
  echo "# Regenerate: bash scripts/vendor_assets.sh"
  echo "# Verify:     cd static/vendor && grep -E '^[0-9a-f]{64}  ' VERSIONS.txt | sha256sum -c"
  echo
  echo "package: $DSFR_PACKAGE"
  echo "version: $DSFR_VERSION"
  echo "integrity: $DSFR_INTEGRITY"
  echo "licence: $(pkg_field "$DSFR_SRC" license) (Licence Ouverte 2.0, see dsfr-$DSFR_VERSION/LICENSE.md)."
  echo "  Use restricted by the DSFR terms (doc/legal/cgu.md in the package): the DSFR is the"
  echo "  visual identity of the French State, reserved to the administration and to .gouv.fr sites."
  echo "directory: dsfr-$DSFR_VERSION/ (same layout as the package's dist/)"
  echo "built by scripts/dsfr_subset.py: dsfr.subset.min.css (core + components + icon families listed"
  echo "  there), dsfr.subset.module.min.js, dsfr.subset.nomodule.min.js, the icons/*.svg and"
  echo "  fonts/*.woff2 those files reach (fonts subset to French characters with fontTools);"
  echo "copied: favicon/*, LICENSE.md"
  echo "left out: every component, icon family and font face not listed in scripts/dsfr_subset.py,"
  echo "  fonts/*.woff, scheme/ (dark mode), legacy/print CSS, analytics/, source maps, artwork/,"
  echo "  src/, example/, doc/, standalone/, i18n/."
  echo
  echo "package: $HTMX_PACKAGE"
  echo "version: $HTMX_VERSION"
  echo "integrity: $HTMX_INTEGRITY"
  echo "licence: $(pkg_field "$HTMX_SRC" license) (see htmx-$HTMX_VERSION/LICENSE)"
  echo "directory: htmx-$HTMX_VERSION/"
  echo "copied: dist/htmx.min.js -> htmx.min.js, LICENSE"
  echo "left out: non-minified builds (htmx.js, esm/cjs/amd), htmx.min.js.gz, extensions (dist/ext/)."
  echo
  echo "package: $LEAFLET_PACKAGE"
  echo "version: $LEAFLET_VERSION"
  echo "integrity: $LEAFLET_INTEGRITY"
  echo "licence: $(pkg_field "$LEAFLET_SRC" license) (see leaflet-$LEAFLET_VERSION/LICENSE)"
  echo "directory: leaflet-$LEAFLET_VERSION/ (same layout as the package's dist/)"
  echo "copied: leaflet.js, leaflet.css, images/*.png, LICENSE"
  echo "left out: leaflet-src.js (non-minified), leaflet-src.esm.js, source maps, src/."
  echo
  echo "# sha256 of every copied file (path relative to static/vendor/)"
  (cd "$VENDOR" && find "dsfr-$DSFR_VERSION" "htmx-$HTMX_VERSION" "leaflet-$LEAFLET_VERSION" -type f | LC_ALL=C sort | xargs -d '\n' sha256sum)
} > "$VENDOR/VERSIONS.txt"

count="$(find "$VENDOR" -type f ! -name VERSIONS.txt | wc -l)"
echo "vendored $DSFR_PACKAGE@$DSFR_VERSION, $HTMX_PACKAGE@$HTMX_VERSION and $LEAFLET_PACKAGE@$LEAFLET_VERSION: $count files"
du -sh "$VENDOR"
du -sh --apparent-size "$VENDOR"

# --- axe-core, for the accessibility tests only (tests/vendor/, never served)
AXE_PACKAGE="axe-core"
AXE_VERSION="4.11.0"
AXE_INTEGRITY="sha512-ilYanEU8vxxBexpJd8cWM4ElSQq4QctCLKih0TSfjIfCQTeyH/6zVrmIJfLPrKTKJRbiG+cfnZbQIjAlJmF1jQ=="
AXE_DIR="$ROOT/tests/vendor/axe-core-$AXE_VERSION"
rm -rf "$ROOT"/tests/vendor/axe-core-*/
fetch "$AXE_PACKAGE" "$AXE_VERSION" "$AXE_INTEGRITY" "$TMP/axe"
mkdir -p "$AXE_DIR"
cp "$TMP/axe/package/axe.min.js" "$TMP/axe/package/LICENSE" "$AXE_DIR/"
echo "vendored $AXE_PACKAGE@$AXE_VERSION into tests/vendor/ (MPL-2.0)"
