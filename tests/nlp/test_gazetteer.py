"""The offline gazetteer: names to GeoNames-style places, ranked by population, name kind and context."""

import pytest

from newsgraph.nlp.gazetteer import GeoName, default_gazetteer, normalise


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def test_normalise_folds_case_diacritics_apostrophes_and_a_leading_the():
    assert normalise("Kraków") == normalise("KRAKOW") == "krakow"
    assert normalise("the Donetsk  region") == "donetsk region"
    assert normalise("Kam’yanets’-Podil’s’kyi") == normalise("Kam'yanets'-Podil's'kyi")
    assert normalise("St. Louis") == normalise("Saint Louis")


def test_donetsk_is_the_ukrainian_city_not_a_russian_village(gaz):
    for context in (None, {"UKR": 3, "RUS": 2}, {"RUS": 1}):
        place = gaz.resolve("Donetsk", context)
        assert place is not None
        assert (place.country, place.feature) == ("UKR", "city"), context
        assert place.population > 500_000
    # the Russian town exists and is a candidate
    assert any(c.country == "RUS" for c in gaz.candidates("Donetsk"))


@pytest.mark.parametrize("name", ["Donetsk region", "Donetsk Oblast", "the Donetsk region", "Donetsk oblast"])
def test_donetsk_region_is_the_ukrainian_admin1(gaz, name):
    place = gaz.resolve(name)
    assert (place.feature, place.country, place.name) == ("admin1", "UKR", "Donetsk Oblast")
    assert abs(place.latitude - 48.0) < 1.5 and abs(place.longitude - 37.8) < 1.5


def test_russian_oblasts(gaz):
    kursk = gaz.resolve("Kursk Oblast")
    assert (kursk.feature, kursk.country) == ("admin1", "RUS")
    assert gaz.resolve("the Kursk region") == kursk
    city = gaz.resolve("Kursk")
    assert (city.feature, city.country, city.admin1) == ("city", "RUS", "Kursk Oblast")
    assert gaz.resolve("Moscow region").name == "Moscow Oblast"
    assert gaz.resolve("Moscow").feature == "city"


def test_kyiv_and_kiev_are_one_place(gaz):
    kyiv, kiev = gaz.resolve("Kyiv"), gaz.resolve("Kiev")
    assert kyiv.geonames_id is not None and kyiv.geonames_id == kiev.geonames_id
    assert kyiv.feature == "city" and kyiv.country == "UKR"
    assert gaz.resolve("Kharkov").geonames_id == gaz.resolve("Kharkiv").geonames_id


def test_paris_is_in_france_unless_within_texas(gaz):
    assert gaz.resolve("Paris").country == "FRA"
    # a passing mention in an American story is still the big city
    assert gaz.resolve("Paris", {"USA": 1}).country == "FRA"
    texan = gaz.resolve("Paris", within="Texas")
    assert (texan.country, texan.admin1) == ("USA", "Texas")
    assert gaz.resolve("Paris", within="USA").country == "USA"
    assert gaz.resolve("Paris", within="United States") == gaz.resolve("Paris", within="USA")
    assert gaz.resolve("Donetsk", within="Mongolia") is None


def test_georgia_follows_the_document(gaz):
    state = gaz.resolve("Georgia", {"USA": 2})
    assert (state.feature, state.country) == ("admin1", "USA")
    country = gaz.resolve("Georgia", {"RUS": 1, "ARM": 1})
    assert (country.feature, country.country) == ("country", "GEO")
    assert gaz.resolve("Georgia").feature == "country"


@pytest.mark.parametrize(("name", "country"), [("Homs", "SYR"), ("Aleppo", "SYR"), ("Berlin", "DEU"),
                                               ("Bombay", "IND"), ("Kraków", "POL"), ("Krakow", "POL")])
def test_cities(gaz, name, country):
    place = gaz.resolve(name)
    assert (place.feature, place.country) == ("city", country)


def test_country_names_resolve_to_countries(gaz):
    for name, iso3 in [("Ukraine", "UKR"), ("Russia", "RUS"), ("Britain", "GBR"), ("UK", "GBR"),
                       ("U.S.", "USA"), ("North Korea", "PRK"), ("South Korea", "KOR"), ("Iran", "IRN"),
                       ("Syria", "SYR"), ("the Netherlands", "NLD"), ("Russian Federation", "RUS")]:
        place = gaz.resolve(name)
        assert (place.feature, place.country) == ("country", iso3), name
    russia = gaz.country("RUS")
    assert russia.geonames_id == 2017370
    assert (russia.latitude, russia.longitude) == (60.0, 100.0)
    assert gaz.country("XYZ") is None


def test_regions_seas_and_continents(gaz):
    assert gaz.resolve("Donbas").country == "UKR"
    assert gaz.resolve("Crimea").country == "UKR"
    assert gaz.resolve("the Gaza Strip").country == "PSE"
    assert gaz.resolve("Black Sea").feature == "water"
    europe = gaz.resolve("Europe")
    assert (europe.feature, europe.geonames_id) == ("continent", 6255148)


def test_abbreviations_need_capitals(gaz):
    assert gaz.resolve("US").country == "USA"
    assert gaz.resolve("us") is None or gaz.resolve("us").feature != "country"


def test_unknown_names(gaz):
    assert gaz.resolve("Qwzxplorvania") is None
    assert gaz.candidates("Qwzxplorvania") == []
    assert not gaz.knows("Qwzxplorvania")
    assert gaz.knows("Donetsk") and gaz.knows("the Donetsk region")


def test_candidates_are_ranked_and_typed(gaz):
    cands = gaz.candidates("Donetsk")
    assert all(isinstance(c, GeoName) for c in cands)
    assert cands[0].country == "UKR" and len(cands) >= 2


def test_the_default_gazetteer_is_built_once():
    assert default_gazetteer() is default_gazetteer()


def test_abbreviations_of_states_and_provinces(gaz):
    assert gaz.resolve("Calif.").name == "California"
    assert gaz.resolve("TX").name == "Texas"
    assert gaz.resolve("B.C.").name == "British Columbia"
    assert gaz.resolve("Paris", within="TX").admin1 == "Texas"
    # in capitals, the abbreviation before the small French town Eu
    assert gaz.resolve("EU").feature == "continent"
    assert gaz.resolve("Eu").country == "FRA"


def test_arabic_names_without_their_article(gaz):
    assert gaz.resolve("Qamishli").country == "SYR"
    assert gaz.resolve("Qamishli").geonames_id == gaz.resolve("Al Qamishli").geonames_id


def test_a_region_named_by_a_direction_alone_is_not_found_by_it(gaz):
    assert all(c.feature != "admin1" for c in gaz.candidates("Western"))


def test_near_points_favour_the_nearby_homonym(gaz):
    far = gaz.resolve("Springfield", {"USA": 1})
    boston = (42.36, -71.06)
    near = gaz.resolve("Springfield", {"USA": 1}, near=[boston])
    assert near.admin1 == "Massachusetts"
    assert far.geonames_id != near.geonames_id or far.admin1 == "Massachusetts"


def test_cities_and_admin1_names_of_the_same_name(gaz):
    assert gaz.resolve("New York").feature == "city"
    assert gaz.resolve("New York State").feature == "admin1"
    assert gaz.resolve("Moscow region").name == "Moscow Oblast"
    assert gaz.resolve("Texas").feature == "admin1"


@pytest.mark.slow
def test_the_index_is_cached_on_disk(tmp_path, monkeypatch):
    from newsgraph.nlp.gazetteer import Gazetteer

    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path))
    built = Gazetteer()
    assert len(list(tmp_path.glob("gazetteer-*.pickle"))) == 1
    loaded = Gazetteer()
    assert loaded.size == built.size
    assert loaded.resolve("Donetsk", {"UKR": 1}) == built.resolve("Donetsk", {"UKR": 1})


def test_a_state_is_not_taken_by_its_city_of_another_name(gaz):
    assert gaz.resolve("Oklahoma").feature == "admin1"
    assert gaz.resolve("Prague", within="Oklahoma").country == "USA"
    assert gaz.resolve("Prague").country == "CZE"
    assert gaz.resolve("Oxford", within="Mississippi").admin1 == "Mississippi"
