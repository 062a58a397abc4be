"""GeoWebNews: reading the XML, literal/non-literal recognition figures, geocoding and the oracle."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsgraph.evaluate import DataError
from newsgraph.evaluate.geowebnews import (
    LITERAL_TYPES,
    Article,
    GoldToponym,
    PredictedPlace,
    geocoding_figures,
    load_articles,
    oracle_geocode,
    predict,
    score,
)

from .conftest import ARTICLE_1, GWN, FakeExtractor


@pytest.fixture
def articles(tmp_path: Path) -> list[Article]:
    path = tmp_path / "GWN.xml"
    path.write_text(GWN, encoding="utf-8")
    return load_articles(path)


def test_load_articles(articles: list[Article], tmp_path: Path):
    assert [a.id for a in articles] == ["0", "1"]
    first = articles[0]
    assert first.text == ARTICLE_1
    assert [(t.name, t.type) for t in first.toponyms] == [
        ("Bergen", "Literal"), ("Oslo", "Literal"), ("Oslo", "Metonymic"), ("Norwegian", "Demonym")]
    assert all(first.text[t.start:t.end] == t.name for t in first.toponyms)
    assert first.toponyms[0].geonames_id == 3161732
    assert first.toponyms[0].latitude == 60.39
    assert first.toponyms[3].latitude is None
    assert [t.name for t in first.literals] == ["Bergen", "Oslo"]
    assert len(load_articles(tmp_path / "GWN.xml", limit=1)) == 1
    (tmp_path / "bad.xml").write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.xml"):
        load_articles(tmp_path / "bad.xml")


def test_literal_types_follow_the_paper():
    assert {"Literal", "Literal_Modifier", "Mixed", "Coercion", "Embedded_Literal"} == LITERAL_TYPES
    assert not {"Metonymic", "Demonym", "Homonym", "Non_Toponym"} & LITERAL_TYPES


def test_a_place_on_a_metonym_is_a_false_positive_only_in_the_strict_figure(articles: list[Article]):
    predicted = predict(FakeExtractor(), articles)
    result = score(articles, predicted, max_errors=10)
    strict = result.figure("literal toponyms: F1")
    assert (strict.correct, strict.n, strict.target) == (3, 3, 0.75)
    assert result.figure("literal toponyms: precision").value == 0.75
    assert result.figure("literal toponyms: recall").value == 1.0
    assert result.figure("literal toponyms, lenient: F1").value == 1.0
    assert result.figure("literal toponyms, exact span: F1").value == pytest.approx(6 / 7)
    assert result.breakdown["false_positives_on"] == {"Metonymic": 1}
    assert result.breakdown["gold_types"]["Demonym"]["overlapped_by_prediction"] == 0
    geo = result.figure("geocoding: accuracy@161km")
    assert (geo.correct, geo.n, geo.met) == (3, 3, True)
    assert [e["error"] for e in result.errors] == ["not a literal toponym"]


def test_overlap_counts_for_recognition_but_not_for_the_exact_figure():
    article = Article("a", "Flights to New York City resumed.", (
        GoldToponym(11, 24, "New York City", "Literal", 5128581, 40.71, -74.01),))
    predicted = [[PredictedPlace(11, 19, "New York", 43.0, -75.5, "USA")]]  # the state, 300 km away
    result = score([article], predicted, max_errors=5)
    assert result.figure("literal toponyms: F1").value == 1.0
    assert result.figure("literal toponyms, exact span: F1").value == 0.0
    assert result.figure("geocoding: accuracy@161km").value == 0.0
    assert result.errors[0]["error"] == "geocoded too far"
    assert result.errors[0]["km"] > 161


def test_missed_toponyms_and_places_without_coordinates():
    article = Article("b", "Rain in Lyon and Nantes.", (
        GoldToponym(8, 12, "Lyon", "Literal", 2996944, 45.75, 4.85),
        GoldToponym(17, 23, "Nantes", "Literal", 2990969, 47.22, -1.55)))
    predicted = [[PredictedPlace(8, 12, "Lyon", None, None, None)]]
    result = score([article], predicted, max_errors=5)
    assert result.figure("literal toponyms: recall").value == 0.5
    geo = result.figure("geocoding: accuracy@161km")
    assert (geo.correct, geo.n, geo.detail) == (0, 1, "1 without coordinates")
    assert result.figure("geocoding: AUC").value == pytest.approx(1.0)
    assert {e["error"] for e in result.errors} == {"missed", "geocoded too far"}


def test_geocoding_figures():
    figures = {f.name.split(": ")[1]: f for f in geocoding_figures([0.0, 100.0, 500.0, None], "g", target=0.85)}
    assert figures["accuracy@161km"].value == 0.5
    assert figures["accuracy@161km"].met is False
    assert figures["mean error"].value == pytest.approx(200.0)
    assert figures["median error"].value == 100.0
    assert figures["mean error"].n == 3


def test_oracle_uses_the_gold_text_and_the_other_places_countries(articles: list[Article]):
    seen: list[tuple[str, Counter]] = []

    def resolve(name: str, context: Counter):
        seen.append((name, context))
        return PredictedPlace(None, None, name, 62.5, 9.0, "NOR") if name == "Bergen" else None

    predicted = predict(FakeExtractor(), articles)
    oracle = oracle_geocode(resolve, articles, predicted)
    assert [len(row) for row in oracle] == [2, 1]
    assert seen[0] == ("Bergen", Counter({"NOR": 2}))  # the two Oslos, not Bergen itself
    result = score(articles, predicted, oracle=oracle)
    oracle_accuracy = result.figure("oracle geocoding (gold text): accuracy@161km")
    assert (oracle_accuracy.correct, oracle_accuracy.n) == (0, 3)  # Bergen put 150+ km off; the rest unknown
    assert oracle_accuracy.target is None
