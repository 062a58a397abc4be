"""Copies: an exact copy (the same words, however spaced, cased or punctuated) is stored once with
every source it came from; a near-copy (a republished wire story) is stored and linked to the earliest
document of its cluster; an unrelated story is left alone. The tests that depend on the store's
queries run on both backends (`graph`)."""

from __future__ import annotations

from newsgraph.ingest.dedup import NearDuplicates, content_hash, normalise

STORY = (
    "Fishing crews in the northern port of Velmar kept their boats tied up on Monday for a third day, "
    "protesting against new limits on winter catches set by the regional fisheries board. About two "
    "hundred trawlers blocked the main channel at dawn, and the harbour master said cargo ships would be "
    "diverted to the southern terminal until further notice. The board's chairman, Oskar Brandt, told "
    "reporters that the limits were needed to protect cod stocks that have fallen by a third in five "
    "years. Union leaders said the rules would cost each crew several thousand euros a month and called "
    "for talks with the national government. Police said the protest had been peaceful and that no "
    "arrests had been made. A meeting between the board and the union is planned for Thursday in the "
    "town hall, according to a statement released late on Monday evening."
)
# the same story as republished by another outlet: one sentence reworded, one sentence added
REPUBLISHED = (
    STORY.replace("Police said the protest had been peaceful", "Police described the protest as peaceful")
    + " The mayor of Velmar urged both sides to settle the dispute before the spring season."
)
UNRELATED = (
    "The city library on Mill Street reopened on Saturday after a two-year renovation that added a "
    "children's wing, a rooftop reading garden and a small theatre for local groups. Hundreds of "
    "residents queued before the doors opened, and the first books were lent within minutes. The "
    "renovation cost eleven million euros, most of it paid by a regional fund for public buildings, the "
    "head librarian said. Opening hours will be extended to Sunday afternoons from next month."
)


def header(outlet: str, date: str, body: str) -> str:
    return f"Outlet: {outlet}\nDate: {date}\n\n{body}\n"


def test_the_same_text_twice_is_stored_once_with_both_sources(graph, write):
    first, second = write("velmar.txt", STORY), write("velmar-copy.txt", STORY)
    report = graph.ingest([first.parent])
    assert (report.read, report.new, report.duplicates) == (2, 1, 1)
    [doc] = graph.documents()
    assert {s["source"] for s in graph.sources(doc.id)} == {str(first.resolve()), str(second.resolve())}
    assert graph.stats()["exact_copies"] == 1


def test_spacing_case_and_punctuation_do_not_make_a_new_text(sqlite_graph, write):
    restyled = STORY.upper().replace(", ", " -- ").replace(". ", ".\n\n   ").replace("'", "’")
    sqlite_graph.ingest([write("a.txt", STORY)])
    report = sqlite_graph.ingest([write("b.txt", restyled)])
    assert (report.new, report.duplicates) == (0, 1)


def test_a_near_copy_is_stored_and_linked_to_the_original(graph, write):
    graph.ingest([write("original.txt", header("Meridian Wire", "2025-02-10", STORY))])
    report = graph.ingest([write("republished.txt", header("Harbor Daily", "2025-02-11", REPUBLISHED))])
    assert (report.new, report.near_duplicates) == (1, 1)
    docs = {d.outlet: d for d in graph.documents()}
    original, copy = docs["Meridian Wire"], docs["Harbor Daily"]
    assert copy.original_id == original.id
    assert 0.7 <= copy.similarity < 1.0
    assert original.original_id is None
    assert graph.stats()["origins"] == 1


def test_an_unrelated_story_is_not_linked(sqlite_graph, write):
    sqlite_graph.ingest([write("velmar.txt", STORY)])
    report = sqlite_graph.ingest([write("library.txt", UNRELATED)])
    assert (report.new, report.near_duplicates) == (1, 0)
    assert all(d.original_id is None for d in sqlite_graph.documents())


def test_copies_of_a_copy_point_at_the_root_of_the_cluster(sqlite_graph, write):
    sqlite_graph.ingest([write("original.txt", header("Meridian Wire", "2025-02-10", STORY))])
    sqlite_graph.ingest([write("second.txt", header("Harbor Daily", "2025-02-11", REPUBLISHED))])
    third = REPUBLISHED + " Ferries to the islands were not affected."
    sqlite_graph.ingest([write("third.txt", header("Lowland Post", "2025-02-12", third))])
    docs = {d.outlet: d for d in sqlite_graph.documents()}
    root = docs["Meridian Wire"].id
    assert docs["Harbor Daily"].original_id == root
    assert docs["Lowland Post"].original_id == root


def test_a_near_copy_published_earlier_becomes_the_original(graph, write):
    graph.ingest([write("later.txt", header("Harbor Daily", "2025-02-11", REPUBLISHED))])
    report = graph.ingest([write("earlier.txt", header("Meridian Wire", "2025-02-10", STORY))])
    assert report.new == 1
    docs = {d.outlet: d for d in graph.documents()}
    earlier, later = docs["Meridian Wire"], docs["Harbor Daily"]
    assert earlier.original_id is None
    assert later.original_id == earlier.id
    assert graph.stats()["origins"] == 1


def test_reading_the_same_folder_again_adds_nothing(graph, write):
    folder = write("velmar.txt", STORY).parent
    write("velmar-copy.txt", STORY)
    write("library.txt", UNRELATED)
    first = graph.ingest([folder])
    assert (first.new, first.duplicates) == (2, 1)
    before = graph.stats()
    again = graph.ingest([folder])
    assert (again.new, again.duplicates, again.failed) == (0, 0, 0)
    assert again.unchanged == first.new + first.duplicates == 3
    assert graph.stats() == before


# --- the hash and the signatures -------------------------------------------------------------------


def test_normalise_folds_case_spacing_punctuation_and_compatibility_forms():
    assert normalise("  The “Talks”,\n\tresumed — at ６ pm!  ") == "the talks resumed at 6 pm"


def test_content_hash_is_the_same_for_restyled_text_and_differs_for_other_words():
    assert content_hash("Talks resumed on Monday.") == content_hash("TALKS  resumed -- on monday")
    assert content_hash("Talks resumed on Monday.") != content_hash("Talks resumed on Tuesday.")


def test_similarity_is_high_for_a_near_copy_and_low_for_another_story():
    near = NearDuplicates(threshold=0.7)
    story = near.signature(STORY)
    assert near.similarity(near.signature(REPUBLISHED), story.to_bytes()) >= 0.7
    assert near.similarity(near.signature(UNRELATED), story.to_bytes()) < 0.1
    assert near.similarity(near.signature(STORY), story.to_bytes()) == 1.0


def test_a_near_copy_shares_an_lsh_bucket_and_another_story_does_not():
    near = NearDuplicates(threshold=0.7)
    story = set(near.signature(STORY).buckets)
    assert story & set(near.signature(REPUBLISHED).buckets)
    assert not story & set(near.signature(UNRELATED).buckets)


def test_signatures_are_the_same_in_every_run():
    assert NearDuplicates().signature(STORY).to_bytes() == NearDuplicates().signature(STORY).to_bytes()
    assert len(NearDuplicates(num_perm=64).signature(STORY).to_bytes()) == 64 * 4


def test_shingles_of_a_short_text_are_the_text_itself():
    near = NearDuplicates(shingle_words=5)
    assert near.shingles("Talks resumed.") == {b"talks resumed"}
    assert near.shingles("") == set()
    assert len(near.shingles("one two three four five six seven")) == 3


def test_the_demoted_original_carries_the_similarity(sqlite_graph, write):
    sqlite_graph.ingest([write("later.txt", header("Harbor Daily", "2025-02-11", REPUBLISHED))])
    sqlite_graph.ingest([write("earlier.txt", header("Meridian Wire", "2025-02-10", STORY))])
    docs = {d.outlet: d for d in sqlite_graph.documents()}
    assert docs["Meridian Wire"].similarity is None
    assert docs["Harbor Daily"].similarity >= 0.7
