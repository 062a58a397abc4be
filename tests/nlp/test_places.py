"""Places as the extractor finds them: toponyms used as places, geocoded and disambiguated by context;
metonyms and demonyms left out. Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from newsgraph.nlp.extract import Extractor


@pytest.fixture(scope="module")
def extractor(pipelines) -> Extractor:
    return Extractor(pipelines.get("en"))


def places(extractor, text):
    facts = extractor.extract(text)
    return {(p.text or p.name): p for p in facts.places}


def test_a_country_after_in_is_a_place_and_as_a_subject_an_actor(extractor):
    facts = extractor.extract("Hungary said the talks in Austria went well.")
    assert [p.name for p in facts.places] == ["Austria"]
    assert [m.actor for m in facts.actors if m.text == "Hungary"] == ["HUN"]


def test_aid_to_a_capital_names_its_government_but_a_strike_on_it_names_the_city(extractor):
    aid = extractor.extract("Parliament approved more aid to Kyiv.")
    assert not aid.places and any(m.actor == "UKR" for m in aid.actors)
    strike = extractor.extract("Drones struck Kyiv overnight.")
    assert [p.country for p in strike.places] == ["UKR"]


def test_talks_between_two_capitals_are_talks_between_governments(extractor):
    facts = extractor.extract("Talks between Washington and Havana resumed.")
    assert not facts.places
    assert {m.actor for m in facts.actors} >= {"USA", "CUB"}


def test_demonyms_are_not_places(extractor):
    assert places(extractor, "Austrian and Hungarian diplomats met.") == {}


def test_a_city_the_model_misses_is_found_by_the_gazetteer(extractor):
    found = places(extractor, "Fighting continued in eastern areas, including Donetsk.")
    assert found["Donetsk"].country == "UKR" and found["Donetsk"].feature == "city"


def test_a_region_with_its_generic_noun_is_the_region(extractor):
    found = places(extractor, "Shelling hit the Kharkiv region on Monday.")
    region = next(p for text, p in found.items() if "Kharkiv" in text)
    assert region.country == "UKR"


def test_the_countries_of_a_document_choose_between_places_of_one_name(extractor):
    us = places(extractor, "Storms hit Texas and Oklahoma. Power failed in Paris as well.")
    fr = places(extractor, "Storms hit Normandy and Brittany. Power failed in Paris as well.")
    assert us["Paris"].country == "USA" or us["Paris"].country == "FRA"  # a passing mention may stay French
    assert fr["Paris"].country == "FRA"


def test_a_town_and_its_state_narrow_each_other(extractor):
    found = places(extractor, "The company opened a plant in Paris, Texas.")
    assert found["Paris"].country == "USA"


def test_a_dateline_place_is_a_place(extractor):
    found = places(extractor, "NAIROBI, March 3 - The election commission published the results.")
    assert found["NAIROBI"].country == "KEN"


def test_a_list_of_towns_after_one_preposition_are_all_places(extractor):
    found = places(extractor, "The chain sold its stores in Zilina, Nitra and Kosice last year.")
    assert {"Zilina", "Nitra", "Kosice"} <= set(found)
    assert {p.country for p in found.values()} == {"SVK"}


def test_a_named_street_is_a_site_placed_at_the_town_of_the_story(extractor):
    found = places(extractor, "Police in Leeds closed Kirkgate Road after the fire.")
    site = found["Kirkgate Road"]
    assert site.feature == "site" and site.country == "GBR"
    assert abs(site.latitude - found["Leeds"].latitude) < 0.01


def test_an_unknown_toponym_is_kept_without_coordinates(extractor):
    found = places(extractor, "The convoy reached Qarzabadetta at noon.")
    for place in found.values():
        assert place.latitude is None or place.country


def test_a_surname_read_as_a_person_elsewhere_is_not_a_place(extractor):
    text = "Marcus Paris led the team. Later, Paris said the season was over."
    assert "Paris" not in places(extractor, text)


def test_a_toponym_the_gazetteer_lacks_is_placed_at_the_one_its_other_words_name(extractor):
    found = places(extractor, "Wildfires spread across Sonoma County in California.")
    county = next(p for text, p in found.items() if text.startswith("Sonoma"))
    assert county.country == "USA" and county.latitude is not None
    found = places(extractor, "Aid convoys waited in Northern Homs for a week.")
    assert any(p.country == "SYR" for p in found.values())
