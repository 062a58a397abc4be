"""The PolNeAR scorer on small BRAT fixtures written for these tests: reading, discontinuous spans,
overlap and exact matching, one score per annotation file, and the end-to-end run with a fake pipeline."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from newsgraph.evaluate import polnear
from newsgraph.evaluate.data import DataError
from newsgraph.nlp.claims import ClaimSpan

TEXT = 'The mayor said that the bridge was safe. "It will open soon," she added. "Very soon."\n'
MAYOR = (0, 9)
SAID = (10, 14)
CONTENT = (15, 39)
QUOTE1 = (41, 61)
SHE = (62, 65)
ADDED = (66, 71)
QUOTE2 = (73, 85)


def ann(*lines: str) -> str:
    return "\n".join(lines) + "\n"


GOLD = ann(
    f"T1\tSource {MAYOR[0]} {MAYOR[1]}\t{TEXT[MAYOR[0]:MAYOR[1]]}",
    f"T2\tCue {SAID[0]} {SAID[1]}\tsaid",
    f"T3\tContent {CONTENT[0]} {CONTENT[1]}\t{TEXT[CONTENT[0]:CONTENT[1]]}",
    f"T4\tAttribution {SAID[0]} {SAID[1]}\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    f"T5\tSource {SHE[0]} {SHE[1]}\tshe",
    f"T6\tCue {ADDED[0]} {ADDED[1]}\tadded",
    f"T7\tContent {QUOTE1[0]} {QUOTE1[1]};{QUOTE2[0]} {QUOTE2[1]}\t...",
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    "T9\tDiscuss 0 3\tThe",
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "polnear" / "dev"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "art-one.txt").write_text(TEXT, encoding="utf-8")
    (root / "attributions" / "art-one_aa11.ann").write_text(GOLD, encoding="utf-8")
    (root / "attributions" / "art-one_bb22.ann").write_text(ann(GOLD.splitlines()[0]), encoding="utf-8")
    return root


def test_offsets_in_the_fixture_are_right():
    assert TEXT[slice(*SAID)] == "said" and TEXT[slice(*ADDED)] == "added"
    assert TEXT[slice(*QUOTE1)] == '"It will open soon,"' and TEXT[slice(*QUOTE2)] == '"Very soon."'


def test_load_reads_each_annotation_file_with_its_text(folder):
    articles = polnear.load_articles(folder)
    assert [a.id for a in articles] == ["art-one_aa11", "art-one_bb22"]
    first = articles[0]
    assert first.article == "art-one" and first.text == TEXT
    assert [g.kind for g in first.spans] == ["source", "cue", "content", "source", "cue", "content"]
    assert first.gold("content")[1].fragments == (QUOTE1, QUOTE2)
    assert len(polnear.load_articles(folder, limit=1)) == 1


def test_load_reports_missing_text_and_bad_offsets(folder):
    (folder / "attributions" / "other_cc33.ann").write_text(GOLD, encoding="utf-8")
    with pytest.raises(DataError, match="no text file"):
        polnear.load_articles(folder)
    with pytest.raises(DataError, match="bad offsets"):
        polnear.parse_ann("T1\tCue 1 x\tsaid\n", "f.ann")


def claim(source, cue, content, more=()):
    return ClaimSpan(source=source, cue=cue, content=content, cue_lemma="say", more_content=more)


def test_perfect_prediction_scores_one_everywhere(folder):
    articles = polnear.load_articles(folder)[:1]
    predicted = [[claim(MAYOR, SAID, CONTENT), claim(SHE, ADDED, QUOTE1, (QUOTE2,))]]
    result = polnear.score(articles, predicted)
    for kind in polnear.KINDS:
        assert result.figure(f"{kind} overlap F1").value == 1.0
        assert result.figure(f"{kind} exact F1").value == 1.0
    assert result.figure("cue overlap F1").target == 0.75
    assert result.figure("source overlap F1").target == 0.65


def test_overlap_counts_partial_spans_and_exact_strips_punctuation(folder):
    articles = polnear.load_articles(folder)[:1]
    # content without "that", source with a trailing comma: overlap right; exact right only for the source
    predicted = [[claim((0, 10), SAID, (20, 40)), claim(SHE, ADDED, (42, 58))]]
    result = polnear.score(articles, predicted)
    assert result.figure("content overlap F1").value == 1.0
    assert result.figure("content exact F1").value == 0.0
    assert result.figure("source exact F1").value == 1.0


def test_spurious_and_missed_spans_and_errors(folder):
    articles = polnear.load_articles(folder)[:1]
    predicted = [[claim(None, SAID, CONTENT), claim(None, SAID, CONTENT), claim(None, (79, 83), (74, 78))]]
    result = polnear.score(articles, predicted, max_errors=10)
    cue = result.breakdown["overlap"]["cue"]
    assert (cue["tp"], cue["predicted"], cue["gold"]) == (1, 2, 2)  # duplicates counted once
    source = result.breakdown["overlap"]["source"]
    assert (source["tp"], source["predicted"], source["gold"]) == (0, 0, 2)
    errors = {(e["kind"], e["error"]) for e in result.errors}
    assert ("source", "missed") in errors and ("cue", "spurious") in errors
    assert all("[" in e["context"] for e in result.errors)
    missed_she = next(e for e in result.errors if e["kind"] == "source" and e["span"] == [list(SHE)])
    assert missed_she["context"] == '"It will open soon," [she] added.'
    assert len(polnear.score(articles, predicted, max_errors=2).errors) == 2


def test_each_annotation_file_is_scored(folder):
    articles = polnear.load_articles(folder)
    predicted = [[claim(MAYOR, SAID, CONTENT)], [claim(MAYOR, SAID, CONTENT)]]
    result = polnear.score(articles, predicted)
    assert result.breakdown["annotation_files"] == 2 and result.breakdown["articles"] == 1
    assert result.breakdown["overlap"]["source"]["gold"] == 3
    with pytest.raises(ValueError):
        polnear.score(articles, predicted[:1])


class FakeNlp:
    """Stands in for a pipeline: every text gets the same claims; counts the texts it parsed."""

    def __init__(self, claims):
        self.claims = claims
        self.parsed = 0

    def pipe(self, texts):
        for _ in texts:
            self.parsed += 1
            yield SimpleNamespace(_=SimpleNamespace(ng_claims=self.claims))


def test_run_claims_end_to_end_parses_each_text_once(folder):
    nlp = FakeNlp([claim(MAYOR, SAID, CONTENT)])
    report = polnear.run_claims(folder.parent.parent, nlp, pipeline="fake")
    assert nlp.parsed == 1
    assert report.task == "claims" and len(report.sets) == 1
    assert report.sets[0].records == 2
    assert report.sets[0].figure("source overlap precision").value == 1.0
