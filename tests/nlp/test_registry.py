"""The actor registry: countries over pycountry, organisations, people with dated roles, sectors, groups,
normalisation and case-sensitive forms, user files that extend the registry, and errors in broken files."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pycountry
import pytest

from newsgraph.nlp.registry import Registry, RegistryError, default_registry, normalise


@pytest.fixture(scope="module")
def reg() -> Registry:
    return default_registry()


def codes(reg: Registry, text: str, kind: str = "country") -> set[str]:
    return {n.code for n in reg.lookup(text) if n.kind == kind}


def test_every_iso_country_is_present_with_its_pycountry_names(reg: Registry) -> None:
    for c in pycountry.countries:
        assert c.alpha_3 in reg.countries
        assert c.alpha_3 in codes(reg, c.name)
    assert reg.countries["XKX"].name == "Kosovo"
    assert reg.country_of("Pristina").code == "XKX"


def test_overlay_names_capitals_and_seats(reg: Registry) -> None:
    assert reg.countries["PRK"].name == "North Korea"
    assert reg.country_of("DPRK").code == "PRK"
    assert reg.country_of("Burma").code == "MMR"
    assert reg.country_of("Ivory Coast").code == "CIV"
    assert reg.country_of("Republic of China").code == "TWN"
    assert "Kyiv" in reg.countries["UKR"].capitals
    assert reg.country_of("Kyiv").code == "UKR"
    assert reg.country_of("the Kremlin").code == "RUS"
    assert {n.form for n in reg.lookup("Kremlin") if n.code == "RUS"} == {"seat"}
    assert reg.country_of("Élysée").code == reg.country_of("elysee").code == "FRA"


def test_adjectives_and_demonyms(reg: Registry) -> None:
    assert reg.country_of("North Korean").code == "PRK"
    assert reg.country_of("South Koreans").code == "KOR"
    assert reg.country_of("Ukrainians").code == "UKR"
    assert reg.country_of("Brits").code == "GBR"
    assert reg.country_of("Palestinian").code == "PSE"
    forms = {n.form for n in reg.lookup("Russian") if n.code == "RUS"}
    assert forms == {"adjective"}
    assert reg.country_of("Martian") is None


def test_every_sovereign_state_has_adjective_and_capital(reg: Registry) -> None:
    missing = [code for code in ("USA", "CHN", "NGA", "BRA", "IDN", "TUV", "SSD", "XKX", "PSE", "TWN")
               if not reg.countries[code].adjectives or not reg.countries[code].capitals]
    assert missing == []


def test_case_sensitive_forms(reg: Registry) -> None:
    assert codes(reg, "US") == {"USA"}
    assert codes(reg, "U.S.") == {"USA"}
    assert codes(reg, "us") == set()
    assert codes(reg, "the United States") == {"USA"}
    assert {n.code for n in reg.lookup("WHO")} == {"WHO"}
    assert reg.lookup("who") == []
    assert codes(reg, "Turkey") == {"TUR"} and codes(reg, "turkey") == set()
    assert all(n.case_sensitive for n in reg.lookup("US"))


def test_normalise() -> None:
    assert normalise("The  Kremlin") == "kremlin"
    assert normalise("Élysée") == "elysee"
    assert normalise("Côte d’Ivoire") == "cote d'ivoire"
    assert normalise("U.S.") == normalise("us") == "us"
    assert normalise("al-Qaeda") == normalise("Al Qaeda")


def test_organisations(reg: Registry) -> None:
    nato = reg.organisations["NATO"]
    assert (nato.country, nato.sector, nato.kind) == ("IGO", "IGO", "igo")
    assert codes(reg, "Nato", "organisation") == {"NATO"}
    assert reg.organisations["WHO"].country == "UNO"
    assert codes(reg, "Hezbollah", "organisation") == {"LBN-HEZBOLLAH"}
    assert reg.organisations["LBN-HEZBOLLAH"].sector == "REB"
    assert codes(reg, "KCNA", "organisation") == {"PRK-KCNA"}
    assert reg.organisations["PRK-KCNA"].sector == "JRN"
    assert codes(reg, "Houthis", "organisation") == {"YEM-HOUTHI"}
    assert reg.organisations["RUS-FSB"].sector == "SPY"


def test_person_role_on_a_date(reg: Registry) -> None:
    putin = reg.people["vladimir-putin"]
    assert putin.role_on(date(1999, 1, 1)).sector == "SPY"
    assert putin.role_on(date(2010, 6, 1)).title == "Prime Minister of Russia"
    role = putin.role_on(date(2024, 6, 19))
    assert (role.title, role.head, role.country) == ("President of Russia", "state", "RUS")
    assert putin.role_on(None).title == "President of Russia"
    assert putin.role_on(date(1990, 1, 1)) is None
    zelenskyy = reg.people["volodymyr-zelenskyy"]
    assert zelenskyy.role_on(date(2018, 1, 1)) is None
    assert zelenskyy.role_on(date(2024, 1, 1)).head == "state"


def test_role_ranks_and_former_office(reg: Registry) -> None:
    # head of state outranks a concurrent post; a day after the last role gives None
    assert reg.people["vladimir-putin"].role_on(date(2000, 2, 1)).head == "state"
    shoigu = reg.people["sergei-shoigu"]
    assert shoigu.role_on(date(2023, 1, 1)).sector2 == "MIL"
    assert shoigu.role_on(date(2025, 1, 1)).title.startswith("Secretary of the Security Council")
    assert reg.people["lloyd-austin"].role_on(date(2025, 6, 1)) is None
    assert reg.people["lloyd-austin"].role_on(None).end == date(2025, 1, 20)


def test_people_names_and_surnames(reg: Registry) -> None:
    assert codes(reg, "Zelensky", "person") == {"volodymyr-zelenskyy"}
    assert codes(reg, "Zelenskiy", "person") == {"volodymyr-zelenskyy"}
    forms = {n.form for n in reg.lookup("Shoigu") if n.kind == "person"}
    assert forms == {"surname"}


def test_sectors_titles_and_modifiers(reg: Registry) -> None:
    assert reg.sector_nouns["soldier"] == "MIL"
    assert reg.sector_nouns["soldiers"] == "MIL"
    assert reg.sector_nouns["policemen"] == "COP"
    assert reg.sector_nouns["official"] == "GOV"
    assert reg.sector_nouns["lawmaker"] == "LEG"
    assert reg.sector_nouns["protester"] == "CVL"
    assert reg.sector_of("Warplanes") == "MIL"
    assert reg.titles["defence minister"] == ("GOV", "MIL")
    assert reg.titles["president"] == ("GOV", None)
    assert reg.modifiers["former"] == "ELI"
    assert {"GOV", "MIL", "REB", "COP", "JUD", "LEG", "CVL", "IGO", "UNK"} <= set(reg.sectors)


def test_groups(reg: Registry) -> None:
    assert codes(reg, "analysts", "group") == {"group:analysts"}
    assert codes(reg, "Western allies", "group") == {"group:the-west"}
    assert codes(reg, "the West", "group") == {"group:the-west"}
    assert codes(reg, "west", "group") == set()
    assert reg.groups["group:sources"].type == "unnamed"
    assert codes(reg, "people familiar with the matter", "group") == {"group:sources"}


def test_names_cover_every_kind(reg: Registry) -> None:
    kinds = {n.kind for n in reg.names()}
    assert kinds == {"country", "organisation", "person", "group"}
    assert not any(n.text.lower().startswith("the ") for n in reg.names())


def test_user_file_adds_a_person_and_overrides_an_organisation(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('''
[XKX]
alternates = ["Kosova"]

[[organisation]]
code = "NATO"
name = "North Atlantic Alliance"
aliases = ["NATO", "the Alliance"]
country = "IGO"
sector = "MIL"
kind = "igo"

[[person]]
id = "jane-roe"
name = "Jane Roe"
aliases = ["Roe"]
roles = [{ title = "Mayor of Testville", country = "ISL", sector = "GOV", head = "", start = "2020-03", end = "" }]
''', encoding="utf-8")
    reg = Registry.load([extra])
    assert reg.organisations["NATO"].sector == "MIL"
    assert codes(reg, "North Atlantic Treaty Organization", "organisation") == set()
    assert codes(reg, "the Alliance", "organisation") == {"NATO"}
    roe = reg.people["jane-roe"]
    assert roe.roles[0].start == date(2020, 3, 1)
    assert roe.role_on(date(2021, 1, 1)).country == "ISL"
    assert reg.country_of("Kosova").code == "XKX" and reg.country_of("Pristina").code == "XKX"
    assert "vladimir-putin" in reg.people


@pytest.mark.parametrize(("text", "message"), [
    ('[[person]]\nid = "x"\nname = "X"\nroles = [{ title = "T", country = "USA", sector = "ZZZ" }]\n',
     "unknown sector code 'ZZZ'"),
    ('[[person]]\nid = "x"\nname = "X"\nroles = [{ title = "T", country = "USA", start = "2020-13-01" }]\n',
     "bad date"),
    ('[[person]]\nname = "X"\n', "missing 'id'"),
    ('[[organisation]]\ncode = "X"\nname = "X"\ncountry = "XYZ"\nkind = "igo"\n', "unknown country code 'XYZ'"),
    ('[[organisation]\n', "not valid TOML"),
    ('[QQQ]\nadjectives = ["Qish"]\n', "missing 'name'"),
    ('[[widget]]\ncode = "x"\n', "unknown section 'widget'"),
])
def test_broken_file_names_the_file_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        Registry.load([bad])
    assert "broken.toml" in str(err.value)
    assert message in str(err.value)


def test_loading_is_fast() -> None:
    start = time.perf_counter()
    Registry.load()
    assert time.perf_counter() - start < 2.0


def test_historical_leader_holds_the_role_only_during_the_term(reg: Registry) -> None:
    # people_history.toml is a package file: a 1990s head of state resolves with the role of that date
    (yeltsin,) = reg.person_named("Yeltsin")
    role = yeltsin.role_on(date(1995, 6, 1))
    assert role is not None and role.country == "RUS" and role.head == "state" and role.sector == "GOV"
    assert yeltsin.role_on(date(2001, 6, 1)) is None  # after the term: a former official
    # same surname and country: the date picks the president
    senior, junior = reg.people["george-h-w-bush"], reg.people["george-w-bush"]
    assert senior.role_on(date(1991, 1, 17)).title == "President of the United States"
    assert junior.role_on(date(1991, 1, 17)) is None and senior.role_on(date(2003, 3, 20)) is None
