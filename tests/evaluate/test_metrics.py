"""The scoring arithmetic: precision/recall/F1, span matching, distances, the error AUC."""

from __future__ import annotations

import math

import pytest

from newsgraph.evaluate.metrics import (
    MAX_ERROR_KM,
    PRF,
    error_auc,
    haversine_km,
    match_exact,
    match_overlapping,
    median,
    overlaps,
)


def test_prf_arithmetic():
    prf = PRF(tp=6, predicted=8, gold=12)
    assert prf.precision == 0.75
    assert prf.recall == 0.5
    assert prf.f1 == pytest.approx(0.6)
    assert (prf + PRF(2, 2, 0)) == PRF(8, 10, 12)


def test_prf_with_nothing_predicted_or_gold_is_zero_not_an_error():
    assert PRF(0, 0, 5).precision == 0.0
    assert PRF(0, 3, 0).recall == 0.0
    assert PRF(0, 0, 0).f1 == 0.0


def test_spans_touching_at_an_end_do_not_overlap():
    assert overlaps((0, 5), (4, 9))
    assert not overlaps((0, 5), (5, 9))


def test_overlap_matching_is_one_to_one_and_prefers_the_larger_overlap():
    gold = [(0, 8), (10, 16)]  # "New York", "Queens"
    predicted = [(0, 3), (0, 16), (20, 25)]  # part of the first, both at once, nothing
    pairs = match_overlapping(predicted, gold)
    # (0, 16) overlaps both gold spans and takes the one it covers most (gold 0, 8 characters); (0, 3)
    # overlaps only gold 0, which is taken: one pair, not three
    assert pairs == [(1, 0)]
    assert match_overlapping([(2, 5), (11, 12)], gold) == [(0, 0), (1, 1)]


def test_exact_matching_needs_the_same_offsets_and_uses_each_gold_once():
    gold = [(0, 4), (10, 14), (10, 14)]
    assert match_exact([(0, 4), (0, 5), (10, 14), (10, 14), (10, 14)], gold) == [(0, 0), (2, 1), (3, 2)]


def test_haversine_known_distances():
    assert haversine_km(0, 0, 0, 0) == 0
    # one degree of latitude is about 111.2 km
    assert haversine_km(10, 20, 11, 20) == pytest.approx(111.19, abs=0.1)
    # antipodes: half the circumference
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088, rel=1e-6)


def test_median():
    assert median([]) is None
    assert median([5.0, 1.0, 3.0]) == 3.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5


def test_error_auc_runs_from_zero_for_perfect_to_one_for_worst():
    assert error_auc([]) is None
    assert error_auc([0.0, 0.0, 0.0]) == 0.0
    assert error_auc([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(1.0)
    middle = error_auc([0.0, 100.0, 1000.0])
    assert 0 < middle < 1
    assert error_auc([0.0, 100.0, 1000.0]) == error_auc([1000.0, 0.0, 100.0])
