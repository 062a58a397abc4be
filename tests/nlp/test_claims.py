"""The claims component: source, cue and content spans of attributions, with stance, ICD 203 probability and
hedges. Every sentence here is written for these tests."""

from __future__ import annotations

import time

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp import claims as claims_module
from newsgraph.nlp.claims import ClaimSpan, Quotes, find_claims, load_cues
from newsgraph.nlp.pipeline import load_pipeline


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = load_pipeline("en_core_web_sm", extract=False)
    pipeline.add_pipe("newsgraph_claims")
    return pipeline


def read(nlp: Language, text: str) -> tuple[Doc, list[ClaimSpan]]:
    doc = nlp(text)
    return doc, doc._.ng_claims


def parts(doc: Doc, claim: ClaimSpan) -> tuple[str | None, str, str]:
    text = doc.text
    source = text[claim.source[0]:claim.source[1]] if claim.source else None
    return source, text[claim.cue[0]:claim.cue[1]], text[claim.content[0]:claim.content[1]]


def only(nlp: Language, text: str) -> tuple[Doc, ClaimSpan]:
    doc, found = read(nlp, text)
    assert len(found) == 1, [parts(doc, c) for c in found]
    return doc, found[0]


def test_indirect_speech_keeps_that_and_drops_the_full_stop(nlp):
    doc, claim = only(nlp, "The defence minister said that the border crossing was closed on Monday.")
    assert parts(doc, claim) == ("The defence minister", "said", "that the border crossing was closed on Monday")
    assert claim.cue_lemma == "say" and claim.stance == "asserts"


def test_indirect_speech_without_that(nlp):
    doc, claim = only(nlp, "Officials said the convoy reached the city before dawn.")
    assert parts(doc, claim) == ("Officials", "said", "the convoy reached the city before dawn")
    assert claim.source_type == "unnamed"


def test_quote_before_the_cue_keeps_its_marks_and_inner_comma(nlp):
    doc, claim = only(nlp, "“The harvest will be late this year,” she said.")
    assert parts(doc, claim) == ("she", "said", "“The harvest will be late this year,”")


def test_quote_after_the_cue_with_a_colon(nlp):
    doc, claim = only(nlp, 'He said: "We have enough fuel for the winter."')
    assert parts(doc, claim) == ("He", "said", '"We have enough fuel for the winter."')


def test_inverted_cue_after_the_content(nlp):
    doc, claim = only(nlp, "The bridge over the river was destroyed overnight, officials said.")
    assert parts(doc, claim) == ("officials", "said", "The bridge over the river was destroyed overnight")


def test_inverted_said_the_minister(nlp):
    doc, claim = only(nlp, "“Nothing has been decided yet,” said the finance minister.")
    assert parts(doc, claim) == ("the finance minister", "said", "“Nothing has been decided yet,”")


def test_according_to_before_and_after(nlp):
    doc, claim = only(nlp, "According to local officials, the dam was damaged by shelling.")
    assert parts(doc, claim) == ("local officials", "According to", "the dam was damaged by shelling")
    assert claim.cue_lemma == "according to" and claim.source_type == "unnamed"
    doc, claim = only(nlp, "The dam was damaged by shelling, according to the regional governor.")
    assert parts(doc, claim) == ("the regional governor", "according to", "The dam was damaged by shelling")


@pytest.mark.parametrize(("verb", "stance"), [
    ("confirmed", "asserts"), ("warned", "asserts"), ("believes", "asserts"), ("argued", "asserts"),
    ("stressed", "asserts"), ("emphasized", "asserts"), ("denied", "denies"), ("doubts", "doubts"),
])
def test_reporting_verbs_and_their_stance(nlp, verb, stance):
    doc, claim = only(nlp, f"The mayor {verb} that the water supply was safe.")
    assert parts(doc, claim) == ("The mayor", verb, "that the water supply was safe")
    assert claim.stance == stance


def test_reports_indicate(nlp):
    doc, claim = only(nlp, "Reports indicate that the ferry sank near the coast.")
    assert parts(doc, claim) == ("Reports", "indicate", "that the ferry sank near the coast")
    assert claim.source_type == "media"


def test_participle_borrows_the_subject_of_the_main_verb(nlp):
    doc, found = read(nlp, "The governor announced new curfews, adding that the army would patrol the streets.")
    by_cue = {parts(doc, c)[1]: parts(doc, c) for c in found}
    assert by_cue["adding"] == ("The governor", "adding", "that the army would patrol the streets")
    doc, found = read(nlp, "The company cut its forecast on Tuesday, noting that demand had fallen.")
    assert ("The company", "noting", "that demand had fallen") in [parts(doc, c) for c in found]


def test_nominal_claim_with_possessor_and_with_by(nlp):
    doc, claim = only(nlp, "The ministry's claim that the factory was empty was never checked.")
    assert parts(doc, claim) == ("The ministry", "claim", "that the factory was empty")
    doc, claim = only(nlp, "Fishermen heard the statement by the coast guard that no ship was missing.")
    assert parts(doc, claim) == ("the coast guard", "statement", "that no ship was missing")


def test_passive_report_has_no_source(nlp):
    doc, claim = only(nlp, "It was reported that the airport had reopened.")
    assert parts(doc, claim) == (None, "was reported", "that the airport had reopened")
    assert claim.source is None


def test_quote_over_several_sentences_with_the_cue_in_the_last(nlp):
    text = "“The rain came early. The fields flooded. We lost everything,” the farmer said."
    doc, claim = only(nlp, text)
    assert parts(doc, claim)[2] == "“The rain came early. The fields flooded. We lost everything,”"


def test_a_quote_resumed_after_the_cue_is_a_second_fragment(nlp):
    doc, claim = only(nlp, '"The road is open," the police chief said. "Drivers should still take care."')
    assert parts(doc, claim) == ("the police chief", "said", '"The road is open,"')
    assert [doc.text[a:b] for a, b in claim.more_content] == ['"Drivers should still take care."']


def test_the_quote_opening_the_next_sentence_resumes_it(nlp):
    text = '"The road is open," the police chief said at a briefing on Monday. "Drivers should take care."'
    doc, claim = only(nlp, text)
    assert [doc.text[a:b] for a, b in claim.more_content] == ['"Drivers should take care."']
    doc, found = read(nlp, '"The road is open," the chief said. "It is not," the mayor said.')
    assert [c.more_content for c in found] == [(), ()]


def test_unclosed_quote_is_bounded_by_its_paragraph(nlp):
    text = 'The coach said: "We will train harder and win the cup\n\nThe season starts in May.'
    doc, claim = only(nlp, text)
    assert parts(doc, claim)[2] == '"We will train harder and win the cup'


def test_cues_inside_a_quote_belong_to_the_quoted_speaker(nlp):
    doc, claim = only(nlp, "“I told them that we would stay,” the captain said.")
    assert parts(doc, claim) == ("the captain", "said", "“I told them that we would stay,”")


def test_questions(nlp):
    doc, claim = only(nlp, "The senator asked whether the contract had been signed.")
    assert claim.stance == "questions"
    assert parts(doc, claim)[2] == "whether the contract had been signed"


def test_rejected_claims_that_is_a_denial(nlp):
    doc, found = read(nlp, "The embassy rejected claims that its staff had left the country.")
    denial = [c for c in found if c.cue_lemma == "reject"]
    assert len(denial) == 1 and denial[0].stance == "denies"
    assert parts(doc, denial[0]) == ("The embassy", "rejected", "that its staff had left the country")


def test_negated_cue_gives_no_claim(nlp):
    _, found = read(nlp, "The minister did not say that the troops had withdrawn.")
    assert found == []


def test_coordinated_sources_are_one_span(nlp):
    doc, claim = only(nlp, "Both Ukrainian and South Korean officials confirm that the soldiers were captured.")
    assert parts(doc, claim)[0] == "Both Ukrainian and South Korean officials"


def test_estimative_words_and_hedges(nlp):
    _, claim = only(nlp, "Analysts said it is almost certainly a new missile that may reportedly fly farther.")
    assert claim.estimative == "almost certainly" and claim.probability == (0.95, 0.99)
    assert "may" in claim.hedges and "reportedly" in claim.hedges
    assert claim.source_type == "expert"
    _, claim = only(nlp, "The general said an attack was likely.")
    assert claim.estimative == "likely" and claim.probability == (0.55, 0.80)


def test_transcript_turn_and_signed_pull_quote(nlp):
    doc, claim = only(nlp, "MODERATOR: Do you support the new budget?\n\nThe audience waited.")
    assert parts(doc, claim) == ("MODERATOR", ":", "Do you support the new budget?")
    doc, claim = only(nlp, "“The best mayor this town ever had.” ― Maria Lopez\n“Next.”")
    assert parts(doc, claim) == ("Maria Lopez", "―", "“The best mayor this town ever had.”")


@pytest.mark.parametrize("text", [
    "Port Authority Annual Report 2019",
    "Name | Age | City\nAnna | 31 | Lisbon\nBen | 45 | Porto\n" * 20,
    "Der Minister sagte, dass die Grenze geschlossen sei.",
    'He said: "this quote never closes and goes on ' + "and on " * 300,
    "",
])
def test_bad_input_does_not_crash_or_invent_claims(nlp, text):
    doc, found = read(nlp, text)
    for claim in found:
        assert 0 <= claim.content[0] < claim.content[1] <= len(doc.text)
    if "said" not in text:
        assert found == []


def test_a_long_sentence_is_not_quadratic(nlp):
    clause = "the committee said that the plan was sound and the members agreed with the chair, "
    text = ("In the end " + clause * 40).strip(", ") + "."
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "newsgraph_claims":
            doc = proc(doc)
    started = time.perf_counter()
    found = find_claims(doc)
    assert time.perf_counter() - started < 1.0
    assert found


def test_no_parse_no_claims():
    blank = load_pipeline("blank:en", extract=False)
    assert find_claims(blank("He said it rained.")) == []


def test_quotes_pair_curly_and_straight_marks(nlp):
    doc = nlp.make_doc('“One,” he said. "Two," she said.')
    spans = [(doc[q.start].text, doc[q.end].text) for q in Quotes(doc).spans]
    assert spans == [("“", "”"), ('"', '"')]


def test_cue_lexicon_is_readable_and_has_every_stance():
    cues = load_cues()
    assert {cues.verbs["say"], cues.verbs["deny"], cues.verbs["doubt"], cues.verbs["ask"]} == {
        "asserts", "denies", "doubts", "questions"}
    assert ("according", "to") in cues.prepositions
    assert cues.source_types["analyst"] == "expert"
    assert claims_module.DATA_FILE.exists()


def test_stance_held_with_an_adjective(nlp):
    doc, claim = only(nlp, "The farmers' union was critical of the new water law.")
    assert parts(doc, claim) == ("The farmers' union", "was critical of", "the new water law")
    doc, claim = only(nlp, "Economists are skeptical that the reform will lower prices.")
    assert claim.stance == "doubts" and claim.source_type == "expert"
    assert parts(doc, claim)[2] == "that the reform will lower prices"


def test_claims_reported_inside_a_claim_are_carried_by_it(nlp):
    doc, claim = only(nlp, "The mayor said the council had agreed to cut taxes.")
    assert parts(doc, claim) == ("The mayor", "said", "the council had agreed to cut taxes")


def test_a_participle_hung_on_the_reported_clause_is_the_speakers_own(nlp):
    doc, found = read(nlp, "Analysts said growth slowed in May, citing weak exports.")
    assert ("Analysts", "citing", "weak exports") in [parts(doc, c) for c in found]


def test_an_infinitive_under_a_cue_is_its_content(nlp):
    doc, claim = only(nlp, "The ministry refused to confirm the report.")
    assert parts(doc, claim) == ("The ministry", "refused", "to confirm the report")


def test_the_reader_addressed_is_nobody(nlp):
    assert read(nlp, "Ask yourself whether the plan works.")[1] == []
    assert read(nlp, "You might think that the plan works.")[1] == []


def test_passive_with_an_agent(nlp):
    doc, claim = only(nlp, "The proposal was rejected by the city council.")
    assert parts(doc, claim) == ("the city council", "was rejected", "The proposal")
    assert claim.stance == "denies"


def test_colon_at_the_end_of_a_paragraph_introduces_the_next(nlp):
    doc, claim = only(nlp, "The ministry said:\n\nTroops will stay in the region until spring.\n\nOther news.")
    assert parts(doc, claim) == ("The ministry", "said", "Troops will stay in the region until spring")


def test_a_closing_mark_without_an_opening_one_starts_at_its_paragraph(nlp):
    text = "“We will rebuild the bridge.\n\nEvery school will reopen by March,” the governor said."
    doc, claim = only(nlp, text)
    assert parts(doc, claim) == ("the governor", "said", "Every school will reopen by March,”")


def test_a_news_organisation_modifying_a_noun_cue_is_its_source(nlp):
    doc, found = read(nlp, "Officials dismissed a Reuters report that the mine had closed.")
    report = [c for c in found if c.cue_lemma == "report"]
    assert report and parts(doc, report[0])[0] == "Reuters"
    assert parts(doc, report[0])[2] == "that the mine had closed"


def test_line_labels_are_not_speakers(nlp):
    assert read(nlp, "Note: The figures were revised on Monday.")[1] == []
    assert read(nlp, "Photo: A convoy near the border.")[1] == []


def test_the_cue_takes_its_auxiliaries_and_manner_adverbs_but_not_its_time(nlp):
    doc, claim = only(nlp, "The minister has also said that the budget is balanced.")
    assert parts(doc, claim)[1] == "has also said"
    doc, claim = only(nlp, "The minister recently emphasized the need for new roads.")
    assert parts(doc, claim)[1] == "emphasized"


@pytest.mark.parametrize("text", ["SOCCER:", "BASEBALL - RESULTS:", "The minister said:", "WALLACE: ", "“"])
def test_a_text_that_ends_at_its_cue_or_colon_gives_no_claim_and_no_crash(nlp, text):
    doc = nlp(text)
    assert all(0 <= c.content[0] <= c.content[1] <= len(text) for c in doc._.ng_claims)


def test_every_prefix_of_a_reported_sentence_is_read_without_a_crash(nlp):
    text = 'KIEV: The ministry said: "Troops will stay," adding that talks, according to officials, failed.'
    words = text.split(" ")
    for n in range(1, len(words) + 1):
        prefix = " ".join(words[:n])
        for claim in nlp(prefix)._.ng_claims:
            assert 0 <= claim.cue[0] <= claim.cue[1] <= len(prefix)
