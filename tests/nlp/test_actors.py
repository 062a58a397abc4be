"""Actors as the extractor finds them: registry names, composed phrases, people on a date, references.

Every sentence here is written for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsgraph.nlp.extract import Extractor


@pytest.fixture(scope="module")
def extractor(pipelines) -> Extractor:
    return Extractor(pipelines.get("en"))


def mention(facts, text):
    found = [m for m in facts.actors if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in facts.actors]}"
    return found[0]


def test_a_country_adjective_and_a_military_noun_compose_into_one_actor(extractor):
    facts = extractor.extract("Belarusian troops crossed the river at dawn, and Polish police closed the road.")
    troops = mention(facts, "Belarusian troops")
    assert (troops.actor, troops.country, troops.sector, troops.how) == ("BLR", "BLR", "MIL", "composed")
    police = mention(facts, "Polish police")
    assert (police.country, police.sector) == ("POL", "COP")


def test_defence_officials_are_government_with_a_military_hint(extractor):
    facts = extractor.extract("Japanese defense officials said the missile fell into the sea.")
    officials = mention(facts, "Japanese defense officials")
    assert (officials.country, officials.sector, officials.sector_hint) == ("JPN", "GOV", "MIL")


def test_a_possessive_country_lends_its_country_to_a_ministry(extractor):
    facts = extractor.extract("Germany's defence ministry declined to comment on the report.")
    ministry = next(m for m in facts.actors if m.text.startswith("Germany"))
    assert ministry.country == "DEU" and ministry.sector == "GOV"


def test_a_capital_that_speaks_is_its_government_and_not_a_place(extractor):
    facts = extractor.extract("Beijing rejected the accusation on Tuesday.")
    beijing = mention(facts, "Beijing")
    assert (beijing.country, beijing.sector, beijing.how) == ("CHN", "GOV", "metonym")
    assert not [p for p in facts.places if p.text == "Beijing" or p.name == "Beijing"]


def test_a_capital_after_in_is_a_place_and_not_an_actor(extractor):
    facts = extractor.extract("The two delegations met in Kyiv last week.")
    assert not [m for m in facts.actors if m.text == "Kyiv"]
    [kyiv] = [p for p in facts.places if p.evidence and facts_text(facts, p) == "Kyiv"]
    assert kyiv.country == "UKR"


def facts_text(facts, fact):
    # the extractor's texts start at 0, so evidence offsets index the text directly
    return fact.text or fact.name


def test_a_person_named_with_title_and_country_is_the_person_with_the_role_of_that_day(extractor):
    facts = extractor.extract("Ukrainian President Volodymyr Zelenskyy spoke to reporters.",
                              published=datetime(2024, 11, 1, tzinfo=UTC))
    person = next(m for m in facts.actors if m.kind == "person")
    assert person.text == "Ukrainian President Volodymyr Zelenskyy"
    assert person.actor == "person:volodymyr-zelenskyy"
    assert (person.country, person.sector) == ("UKR", "GOV")
    assert "President" in (person.role or "")


def test_spelling_variants_of_a_name_resolve_to_one_person(extractor):
    ids = {next(m.actor for m in extractor.extract(f"{name} addressed parliament.").actors if m.kind == "person")
           for name in ("Zelenskyy", "Zelensky", "Zelenskiy")}
    assert ids == {"person:volodymyr-zelenskyy"}


def test_a_role_is_the_one_held_on_the_publication_date(extractor):
    before = extractor.extract("Vladimir Putin met the delegation.", published=datetime(1999, 3, 1, tzinfo=UTC))
    after = extractor.extract("Vladimir Putin met the delegation.", published=datetime(2021, 3, 1, tzinfo=UTC))
    assert mention(before, "Vladimir Putin").sector == "SPY"
    assert mention(after, "Vladimir Putin").sector == "GOV"
    assert mention(before, "Vladimir Putin").role != mention(after, "Vladimir Putin").role


def test_an_international_organisation_is_found_by_acronym(extractor):
    facts = extractor.extract("NATO and the IAEA issued separate statements.")
    codes = {m.actor for m in facts.actors}
    assert {"NATO", "IAEA"} <= codes


def test_generic_groups_keep_a_type_and_no_country(extractor):
    facts = extractor.extract("Analysts doubt the figures, and Western allies want more evidence.")
    kinds = {m.text.lower(): m for m in facts.actors}
    assert kinds["analysts"].kind == "group" and kinds["analysts"].country is None
    assert kinds["western allies"].kind == "group"


def test_an_unknown_person_stays_unresolved_with_its_text(extractor):
    facts = extractor.extract("Marta Quillfeather, a farmer, described the shelling.")
    person = mention(facts, "Marta Quillfeather")
    assert person.actor is None and person.country is None and person.how == "ner"


def test_an_occupied_area_is_not_an_actor(extractor):
    facts = extractor.extract("Shells fell on Russian-occupied areas overnight.")
    assert not [m for m in facts.actors if m.country == "RUS" and "occupied" in m.text]
    assert not [m for m in facts.actors if m.text == "Russian"]


def test_the_two_countries_resolve_to_the_two_countries_named_before(extractor):
    facts = extractor.extract("Iran and Venezuela signed a trade deal. The two countries also agreed on flights.")
    refs = [m for m in facts.actors if m.how == "coref"]
    assert {m.actor for m in refs} == {"IRN", "VEN"}
    assert all(m.text == "two countries" for m in refs)


def test_a_pronoun_with_one_candidate_resolves_and_one_with_two_does_not(extractor):
    clear = extractor.extract("Kenya sent a mission. Its officers arrived on Monday.")
    assert any(m.how == "coref" and m.actor == "KEN" for m in clear.actors)
    unclear = extractor.extract("Kenya and Ghana sent missions. Its officers arrived on Monday.")
    assert not any(m.how == "coref" and m.text.lower() == "its" for m in unclear.actors)


def test_the_registry_corrects_a_capital_the_model_takes_for_a_person(extractor):
    doc = extractor.nlp("Kyiv said the talks were useful.")
    assert {e.text: e.label_ for e in doc.ents}.get("Kyiv") == "GPE"


@pytest.mark.parametrize("text", [
    "",
    "no names at all here, just words in lower case about the weather",
    "THE ARMY OF NORTH KOREA MOVED SOUTH",
    "see https://example.org/russia/ukraine?nato=1 and `def korea(): return ukraine`",
    "Lord " + "Wolfeschlegelsteinhausen" * 40 + " spoke.",
])
def test_odd_input_gives_sensible_output_and_no_crash(extractor, text):
    facts = extractor.extract(text)
    for m in facts.actors:
        assert 0 <= m.evidence.start_char < m.evidence.end_char <= len(text)
        assert text[m.evidence.start_char:m.evidence.end_char] == m.text


def test_ten_thousand_mentions_of_one_country_are_found_in_linear_time(extractor):
    text = "\n\n".join(["Chile protested."] * 10_000)
    facts = extractor.extract(text)
    assert sum(1 for m in facts.actors if m.actor == "CHL") == 10_000


def test_every_offset_points_at_the_words(extractor):
    text = "Moscow and Pyongyang deepened ties.\n\nSouth Korean officials in Seoul confirmed it on Friday."
    facts = extractor.extract(text, published=datetime(2024, 10, 20, tzinfo=UTC))
    for fact in (*facts.actors, *facts.places, *facts.times):
        ev = fact.evidence
        assert text[ev.start_char:ev.end_char] == (getattr(fact, "text", None) or fact.name)
        sentence = facts.sentences[ev.sentence_index]
        assert sentence.start_char <= ev.start_char and ev.end_char <= sentence.end_char


def test_a_title_of_a_body_takes_the_bodys_sector(extractor):
    facts = extractor.extract("The speaker of the Knesset opened the session.")
    speaker = next(m for m in facts.actors if m.text.lower().startswith("speaker"))
    assert (speaker.sector, speaker.country) == ("LEG", "ISR")


def test_a_religious_group_has_its_religions_code_and_the_country_of_its_region(extractor):
    facts = extractor.extract("Kachin Baptists and Rakhine Buddhists met in the city.")
    buddhists = next(m for m in facts.actors if "Buddhists" in m.text)
    assert (buddhists.sector, buddhists.country) == ("BUD", "MMR")


def test_an_agent_noun_takes_the_sector_of_its_modifier_but_a_thing_does_not(extractor):
    clerk = extractor.resolve_phrase("navy storekeeper")
    assert clerk is not None and clerk.sector == "MIL"
    assert extractor.resolve_phrase("military aid") is None


def test_an_intergovernmental_body_lends_its_country_code_to_its_people(extractor):
    mention = extractor.resolve_phrase("United Nations peacekeepers")
    assert (mention.country, mention.sector, mention.sector_hint) == ("UNO", "MIL", "IGO")


def test_abbreviated_titles_give_a_sector(extractor):
    assert extractor.resolve_phrase("Sen. Hilda Marwick").sector == "LEG"
    assert extractor.resolve_phrase("Gen. Tobias Renner").sector == "MIL"


def test_a_bare_sector_noun_is_an_actor_even_without_a_parse_chunk(extractor):
    assert extractor.resolve_phrase("insurgents").sector == "REB"


def test_a_former_officeholder_is_an_elite_figure_after_the_term(extractor):
    mention = extractor.resolve_phrase("Angela Merkel", published=datetime(2023, 5, 1, tzinfo=UTC))
    assert (mention.country, mention.sector) == ("DEU", "ELI")
    assert mention.role.startswith("former")


def test_names_match_with_or_without_their_diacritics(tmp_path):
    people = tmp_path / "people.toml"
    people.write_text('[[person]]\nid = "zoe-quinones"\nname = "Zoë Quiñones"\n'
                      'roles = [{title = "Mayor of Cusco", country = "PER", sector = "GOV", start = "2023-01-01", '
                      'end = ""}]\n', encoding="utf-8")
    extractor = Extractor.for_pipeline("en_core_web_sm", registry=[people])
    for text in ("Zoë Quiñones opened the market.", "Zoe Quinones opened the market."):
        assert [m.actor for m in extractor.extract(text).actors if m.kind == "person"] == ["person:zoe-quinones"]

