"""The README must keep up with the code: every command and option is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.cli.main import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme(name: str):
    assert f"newsgraph {name}" in README


@pytest.mark.parametrize("name,option", sorted(
    (name, opt) for name, command in cli.commands.items() for param in command.params
    for opt in param.opts if opt.startswith("--") and opt not in ("--help",)
))
def test_every_option_is_in_the_readme(name: str, option: str):
    assert option in README, f"{option} of `newsgraph {name}` is not documented"


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line.strip("` ") for line in README.splitlines() if line.rstrip().endswith(".venv/bin/pytest"))
    assert test_command in ci
