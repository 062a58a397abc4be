"""The eval commands with the real extractor on the tiny gold folder: the shapes newsgraph's facts take
are the ones the evaluation reads (figures are not checked here; `newsgraph eval` measures them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli.evaluate import evaluate


@pytest.mark.slow
@pytest.mark.parametrize("task", ["actors", "places", "ner"])
def test_each_command_runs_on_the_real_pipeline(task: str, gold: Path):
    result = CliRunner().invoke(evaluate, [task, "--data", str(gold), "--json", "--errors", "2"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["task"] == task
    assert all(s["figures"] for s in report["sets"])
