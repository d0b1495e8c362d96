#!/usr/bin/env bash
# Vendor the front-end assets (DSFR + htmx) into static/vendor/, pinned.
#
# Downloads the pinned npm tarballs with `npm pack` into a temp dir (nothing is
# installed, no node_modules), checks their integrity against the pins below,
# copies only what the app serves, and writes static/vendor/VERSIONS.txt
# (package, version, licence, what was left out, sha256 of every copied file).
#
# Idempotent: removes static/vendor/dsfr-*/ and static/vendor/htmx-*/ first.
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

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"
DSFR_DIR="$VENDOR/dsfr-$DSFR_VERSION"
HTMX_DIR="$VENDOR/htmx-$HTMX_VERSION"

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
DSFR_SRC="$TMP/dsfr/package"
DIST="$DSFR_SRC/dist"
HTMX_SRC="$TMP/htmx/package"

rm -rf "$VENDOR"/dsfr-*/ "$VENDOR"/htmx-*/ "$VENDOR/VERSIONS.txt"
mkdir -p "$DSFR_DIR" "$HTMX_DIR"

# --- DSFR: keep the dist/ layout so the CSS relative urls resolve unchanged:
#   dsfr.min.css               -> url(fonts/...), url(icons/<family>/...)
#   utility/icons/icons.min.css -> url(../../icons/<family>/...)
for f in dsfr.min.css dsfr.module.min.js dsfr.nomodule.min.js utility/icons/icons.min.css; do
  copy "$DIST" "$f" "$DSFR_DIR"
done
# Fonts: the @font-face rules list woff2 first, woff as fallback; every
# supported browser takes woff2, so only the woff2 files are kept.
for f in "$DIST"/fonts/*.woff2; do
  copy "$DIST" "fonts/$(basename "$f")" "$DSFR_DIR"
done
# Icons: the whole SVG set (~0.5 MB, every file is referenced by icons.min.css).
(cd "$DIST" && find icons -type f -name '*.svg' | LC_ALL=C sort) | while read -r f; do
  copy "$DIST" "$f" "$DSFR_DIR"
done
for f in "$DIST"/favicon/*; do
  copy "$DIST" "favicon/$(basename "$f")" "$DSFR_DIR"
done
cp "$DSFR_SRC/LICENSE.md" "$DSFR_DIR/LICENSE.md"

# --- htmx
cp "$HTMX_SRC/dist/htmx.min.js" "$HTMX_DIR/htmx.min.js"
cp "$HTMX_SRC/LICENSE" "$HTMX_DIR/LICENSE"

# --- Check that every url() of the copied CSS resolves in the copied layout
missing=0
while IFS= read -r css; do
  while IFS= read -r url; do
    # woff fallbacks are left out on purpose (see the fonts comment above)
    [[ "$url" == fonts/*.woff ]] && continue
    target="$(dirname "$css")/$url"
    if [[ ! -f "$target" ]]; then
      echo "unresolved url in ${css#"$VENDOR"/}: $url" >&2
      missing=$((missing + 1))
    fi
  done < <(grep -o 'url([^)]*)' "$css" | sed -e 's/^url(//' -e 's/)$//' -e 's/^["'\'']//' -e 's/["'\'']$//' \
             | grep -v '^data:' | sed -e 's/[?#].*$//' | sort -u)
done < <(find "$DSFR_DIR" -name '*.css')
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
  echo "copied: dsfr.min.css, dsfr.module.min.js, dsfr.nomodule.min.js, utility/icons/icons.min.css,"
  echo "  fonts/*.woff2, icons/**/*.svg (all families), favicon/*, LICENSE.md"
  echo "left out: fonts/*.woff (fallback after woff2 in every @font-face; unneeded by browsers that"
  echo "  read woff2), source maps (*.map; the min files still name them, so devtools may log a 404),"
  echo "  non-minified/legacy/main/print CSS and JS, per-component CSS (core/, component/, layout/,"
  echo "  scheme/, analytics/, legacy/), utility CSS other than icons (colors, pictograms),"
  echo "  artwork/ pictograms, src/, example/, doc/, standalone/, i18n/."
  echo
  echo "package: $HTMX_PACKAGE"
  echo "version: $HTMX_VERSION"
  echo "integrity: $HTMX_INTEGRITY"
  echo "licence: $(pkg_field "$HTMX_SRC" license) (see htmx-$HTMX_VERSION/LICENSE)"
  echo "directory: htmx-$HTMX_VERSION/"
  echo "copied: dist/htmx.min.js -> htmx.min.js, LICENSE"
  echo "left out: non-minified builds (htmx.js, esm/cjs/amd), htmx.min.js.gz, extensions (dist/ext/)."
  echo
  echo "# sha256 of every copied file (path relative to static/vendor/)"
  (cd "$VENDOR" && find "dsfr-$DSFR_VERSION" "htmx-$HTMX_VERSION" -type f | LC_ALL=C sort | xargs -d '\n' sha256sum)
} > "$VENDOR/VERSIONS.txt"

count="$(find "$VENDOR" -type f ! -name VERSIONS.txt | wc -l)"
echo "vendored $DSFR_PACKAGE@$DSFR_VERSION and $HTMX_PACKAGE@$HTMX_VERSION: $count files"
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
