"""Static files served fingerprinted, pre-compressed and cached for good (WhiteNoise).

At start-up every file of static/ is copied once into ``instance/static-build/`` under a name that
carries a hash of its content (``css/app.3f2a9c1b0d4e.css``), with its gzip and brotli versions
beside it (WhiteNoise's compressor). The ``url()``s of a stylesheet are rewritten to the hashed names
first, so a font or an icon that changes changes the stylesheet's name too. ``url_for("static", …)``
then gives the hashed name, and WhiteNoise answers it with ``Cache-Control: immutable`` and the
encoding the browser accepts: a returning visitor asks for nothing, a new version has a new name.

Content-addressed, so a build is never stale and several workers can build at once (each file is
written under a temporary name, then renamed). Turned off with ``STATIC_FINGERPRINT = False``
(``flask run --debug`` does so: edits to static/ then show without a restart).
"""
from __future__ import annotations

import hashlib
import os
import posixpath
import re
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")
#: Stylesheets are rewritten (their url()s point at hashed names), hence built after what they reach.
REWRITTEN = (".css",)
_manifests: dict[tuple, dict[str, str]] = {}
#: WhiteNoise's index of a build (one stat per file), shared by the apps of a process (tests make many).
_indexes: dict[tuple[str, int], dict] = {}


def _hashed(relative: str, content: bytes) -> str:
    stem, dot, ext = relative.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:12]
    return f"{stem}.{digest}.{ext}" if dot else f"{relative}.{digest}"


def _rewrite_css(relative: str, css: str, manifest: dict[str, str]) -> str:
    """Point each relative url() of ``relative`` at the hashed name of its target (kept if unknown)."""
    folder = posixpath.dirname(relative)

    def replace(match: re.Match) -> str:
        url = match.group(2)
        if url.startswith(("data:", "http:", "https:", "/", "#")):
            return match.group(0)
        path, _, suffix = url.partition("#")
        target = posixpath.normpath(posixpath.join(folder, path.split("?")[0]))
        hashed = manifest.get(target)
        if hashed is None:
            return match.group(0)
        new = posixpath.relpath(hashed, folder or ".")
        return f"url({new}{'#' + suffix if suffix else ''})"
    return URL.sub(replace, css)


def _write_atomic(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(tmp, target)


def build(static_dir: Path, build_dir: Path) -> dict[str, str]:
    """Copy static/ into ``build_dir`` under hashed names with .gz/.br; return {name: hashed name}."""
    files = sorted(p for p in static_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    signature = (str(static_dir), str(build_dir),
                 tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    if signature in _manifests:
        return _manifests[signature]
    compressor = Compressor(quiet=True)
    manifest: dict[str, str] = {}
    ordered = [p for p in files if p.suffix not in REWRITTEN] + [p for p in files if p.suffix in REWRITTEN]
    for path in ordered:
        relative = path.relative_to(static_dir).as_posix()
        content = path.read_bytes()
        if path.suffix in REWRITTEN:
            content = _rewrite_css(relative, content.decode("utf-8"), manifest).encode("utf-8")
        hashed = manifest[relative] = _hashed(relative, content)
        target = build_dir / hashed
        if target.exists():
            continue
        if compressor.should_compress(str(target)):
            # The variants first, the file last: once the file exists, its build is complete.
            for encoding, compress in (("gz", compressor.compress_gzip), ("br", compressor.compress_brotli)):
                packed = compress(content)
                if compressor.is_compressed_effectively(encoding, str(target), len(content), packed):
                    _write_atomic(target.with_name(f"{target.name}.{encoding}"), packed)
        _write_atomic(target, content)
    _manifests[signature] = manifest
    return manifest


def init_app(app: Flask) -> None:
    """Serve static/ through WhiteNoise under fingerprinted names (unless STATIC_FINGERPRINT is off)."""
    if not app.config.get("STATIC_FINGERPRINT", True) or app.debug:
        return
    build_dir = Path(app.instance_path) / "static-build"
    manifest = build(Path(app.static_folder), build_dir)
    app.extensions["static_manifest"] = manifest
    served = WhiteNoise(app.wsgi_app, prefix=app.static_url_path, immutable_file_test=lambda _path, _url: True)
    key = (str(build_dir), id(manifest))
    if key not in _indexes:
        served.add_files(str(build_dir), prefix=app.static_url_path)
        _indexes[key] = served.files
    served.files = _indexes[key]
    app.wsgi_app = served

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]
