"""The source policy of data/politique-sources.yaml: refused domains, research-note phrases."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ruamel.yaml import YAML

from wizard.text import fold

FILE = "politique-sources.yaml"


@dataclass(frozen=True)
class SourcePolicy:
    """Which domains cannot ground a public fact (and why), which phrases are research notes."""

    refused: dict[str, str] = field(default_factory=dict)  # domain → reason
    phrases: tuple[str, ...] = ()

    def refusal(self, url: str) -> str | None:
        """Why ``url`` cannot be a public source, or None when it can."""
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        for domain, reason in self.refused.items():
            if host == domain or host.endswith("." + domain):
                return reason
        return None

    def internal_phrase(self, text: str) -> str | None:
        """The first research-note phrase found in ``text`` (accents and case ignored)."""
        folded = fold(text)
        return next((p for p in self.phrases if fold(p) in folded), None)


def load_policy(data_dir: Path) -> SourcePolicy:
    """Read the policy; without the file, nothing is refused (a fixture data folder)."""
    path = data_dir / FILE
    if not path.exists():
        return SourcePolicy()
    with path.open(encoding="utf-8") as fh:
        raw = YAML(typ="safe").load(fh) or {}
    refused = {str(d).lower(): str(group.get("raison") or kind)
               for kind, group in (raw.get("domaines_refuses") or {}).items() for d in group.get("domaines") or ()}
    return SourcePolicy(refused, tuple(str(p) for p in raw.get("formules_internes") or ()))
