"""Finding the gold folder and its files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.evaluate import DataError, find_data_dir, gold_file

from .conftest import write_gold


def test_given_folder_wins_over_the_environment(tmp_path: Path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "env").mkdir()
    found = find_data_dir("mine", cwd=tmp_path, environ={"NEWSGRAPH_EVAL_DATA": str(tmp_path / "env")})
    assert found == tmp_path / "mine"
    assert find_data_dir(None, cwd=tmp_path, environ={"NEWSGRAPH_EVAL_DATA": str(tmp_path / "env")}) == \
        tmp_path / "env"


def test_default_candidates_in_order(tmp_path: Path):
    work = tmp_path / "work"
    (work / "eval").mkdir(parents=True)
    assert find_data_dir(cwd=work, environ={}) == (work / "eval").resolve()
    (tmp_path / "shared" / "eval").mkdir(parents=True)
    assert find_data_dir(cwd=work, environ={}) == (tmp_path / "shared" / "eval").resolve()


def test_no_folder_says_to_pass_data(tmp_path: Path):
    with pytest.raises(DataError, match="--data"):
        find_data_dir(cwd=tmp_path, environ={})
    with pytest.raises(DataError, match="nowhere"):
        find_data_dir("nowhere", cwd=tmp_path, environ={})


def test_a_missing_file_is_named(tmp_path: Path):
    folder = write_gold(tmp_path, skip="ner")
    assert gold_file(folder, "actors").name == "ngec_actor_gold.jsonl"
    with pytest.raises(DataError, match=r"conll2003/eng\.testa"):
        gold_file(folder, "ner")
