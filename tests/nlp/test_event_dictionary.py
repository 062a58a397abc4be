"""The event dictionary data files (verbs, nouns, categories): their format, their codes, and the agreement
of each entry's PLOVER type with its CAMEO code under CAMEO2PLOVER-2021, with the deviations listed."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

import newsgraph

EVENTS = Path(newsgraph.__file__).parent / "data" / "events"

PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "INVESTIGATE",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT",
}
ENTRY_KEYS = {"lemma", "plover", "cameo", "mode", "category", "reciprocal", "prep"}

# CAMEO2PLOVER-2021, by the longest matching prefix of the CAMEO code. The root 01 (public statements)
# has no PLOVER type there; 02 (appeal) has none either and is DEMAND here (PLOVER folds appeals into it).
CAMEO_TO_PLOVER = {
    "02": "DEMAND", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE", "07": "AID",
    "080": "CONCEDE", "081": "CONCEDE", "082": "CONCEDE", "083": "CONCEDE", "0813": "RETREAT", "0814": "RETREAT",
    "084": "RETREAT", "085": "RETREAT", "086": "RETREAT", "087": "RETREAT",
    "09": "INVESTIGATE", "10": "DEMAND", "11": "DISAPPROVE", "12": "REJECT", "13": "THREATEN", "14": "PROTEST",
    "15": "MOBILIZE", "16": "SANCTION", "163": "COERCE", "17": "COERCE", "1712": "ASSAULT", "175": "ASSAULT",
    "18": "ASSAULT", "19": "ASSAULT", "191": "COERCE", "192": "COERCE", "20": "ASSAULT",
}

# Deliberate deviations (prefix -> the other types allowed), each explained in verbs.toml:
# 057 a signed agreement is PLOVER's AGREE (mode agreement), not SUPPORT;
# 163 sanctions and embargoes are SANCTION, not COERCE;
# 1712 destruction of property is COERCE (mode destroy), not ASSAULT;
# 19 combat between armed forces is FIGHT (CAMEO2PLOVER-2021 gives FIGHT no code at all).
DEVIATIONS = {
    "057": {"AGREE"},
    "163": {"SANCTION"},
    "1712": {"COERCE"},
    "19": {"FIGHT"},
}

# Words a phrasal verb may carry after its verb lemma ("call for", "pull out", "crack down on").
PARTICLES = {
    "about", "above", "across", "after", "against", "ahead", "along", "alongside", "apart", "around", "aside",
    "at", "away", "back", "behind", "between", "by", "down", "for", "forward", "from", "in", "into", "of",
    "off", "on", "onto", "out", "over", "past", "round", "through", "to", "toward", "towards", "under", "up",
    "upon", "with", "without",
}


def load(name: str) -> dict:
    with (EVENTS / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def categories() -> dict:
    return load("categories")


@pytest.fixture(scope="module")
def verbs() -> list[dict]:
    return load("verbs")["verb"]


@pytest.fixture(scope="module")
def nouns() -> list[dict]:
    return load("nouns")["noun"]


def entries(verbs: list[dict], nouns: list[dict]) -> list[tuple[str, dict]]:
    return [("verb", e) for e in verbs] + [("noun", e) for e in nouns]


def mapped_plover(cameo: str) -> str | None:
    for size in (4, 3, 2):
        if cameo[:size] in CAMEO_TO_PLOVER and len(cameo) >= size:
            return CAMEO_TO_PLOVER[cameo[:size]]
    return None


def allowed_plover(cameo: str) -> set[str]:
    allowed = {mapped_plover(cameo)} - {None}
    for prefix, extra in DEVIATIONS.items():
        if cameo.startswith(prefix):
            allowed |= extra
    return allowed


def test_the_files_are_there_and_substantial(verbs: list[dict], nouns: list[dict], categories: dict) -> None:
    assert len(verbs) >= 500
    assert len(nouns) >= 250
    assert len(categories) == 30
    assert (EVENTS / "README.md").is_file()


def test_categories_have_group_name_and_description(categories: dict) -> None:
    groups = Counter(table["group"] for table in categories.values())
    assert groups == {
        "Battles": 3, "Explosions/Remote violence": 6, "Violence against civilians": 3, "Protests": 3,
        "Riots": 2, "Strategic developments": 8, "Other news": 5,
    }
    for code, table in categories.items():
        assert re.fullmatch(r"[A-Z_]+", code), code
        assert set(table) == {"group", "name", "description", "rank"}, code
        assert all(isinstance(table[k], str) and table[k].strip() for k in ("group", "name", "description")), code
        assert table["rank"] in (1, 2, 3, 4), code
    # the residual category gives way to every other, the generic ones to every specific one
    assert categories["OTHER"]["rank"] == 4
    assert categories["ATTACK"]["rank"] > categories["GRENADE"]["rank"]


@pytest.mark.parametrize("kind", ["verb", "noun"])
def test_every_entry_is_well_formed(kind: str, verbs: list[dict], nouns: list[dict], categories: dict) -> None:
    restriction = "object" if kind == "verb" else "modifier"
    for e in verbs if kind == "verb" else nouns:
        assert set(e) <= ENTRY_KEYS | {restriction}, e
        lemma = e.get("lemma")
        assert isinstance(lemma, str), e
        assert lemma == lemma.strip().lower() and "  " not in lemma, e
        # spaCy splits hyphens and apostrophes off, so such a lemma could never match one token
        assert "-" not in lemma and "'" not in lemma, e
        assert "plover" in e or "category" in e, e
        if "plover" in e:
            assert e["plover"] in PLOVER, e
            assert "cameo" in e, e
        if "cameo" in e:
            assert re.fullmatch(r"\d{2,4}", e["cameo"]), e
            assert 1 <= int(e["cameo"][:2]) <= 20, e
        if "category" in e:
            assert e["category"] in categories, e
        if "mode" in e:
            assert re.fullmatch(r"[a-z]+(-[a-z]+)*", e["mode"]), e
        if "reciprocal" in e:
            assert e["reciprocal"] is True, e
        if "prep" in e:
            assert kind == "noun" and all(w in PARTICLES for w in e["prep"]), e
        if restriction in e:
            words = e[restriction]
            assert isinstance(words, list) and words, e
            assert len(words) == len(set(words)), e
            # a lemma each (the object's head, the modifying word), or for an object a compound and its head
            # ("security force"), which the lexicon matches as written
            pattern = r"[a-z0-9]+( [a-z0-9]+)?" if restriction == "object" else r"[a-z0-9]+"
            assert all(isinstance(w, str) and re.fullmatch(pattern, w) for w in words), e


def test_phrasal_verbs_are_a_verb_and_its_particles(verbs: list[dict]) -> None:
    for e in verbs:
        first, *rest = e["lemma"].split()
        assert first.isalpha(), e
        assert all(w in PARTICLES for w in rest), e


def test_multiword_nouns_end_at_their_head(nouns: list[dict]) -> None:
    for e in nouns:
        words = e["lemma"].split()
        assert not set(words) & {"of", "for", "in", "on", "at", "to", "from", "with", "by", "against"}, e


@pytest.mark.parametrize("kind", ["verb", "noun"])
def test_no_two_entries_share_a_key(kind: str, verbs: list[dict], nouns: list[dict]) -> None:
    restriction = "object" if kind == "verb" else "modifier"
    keys = Counter((e["lemma"], tuple(sorted(e.get(restriction, []))), tuple(sorted(e.get("prep", []))))
                   for e in (verbs if kind == "verb" else nouns))
    assert [k for k, count in keys.items() if count > 1] == []


@pytest.mark.parametrize("kind", ["verb", "noun"])
def test_a_lemma_and_an_object_word_select_one_sense(kind: str, verbs: list[dict], nouns: list[dict]) -> None:
    restriction = "object" if kind == "verb" else "modifier"
    seen: Counter[tuple[str, str | None]] = Counter()
    for e in verbs if kind == "verb" else nouns:
        if "prep" in e:
            continue  # a prepositional constraint selects among the lemma's senses by itself
        for word in e.get(restriction) or [None]:
            seen[e["lemma"], word] += 1
    assert [k for k, count in seen.items() if count > 1] == []


def test_plover_agrees_with_cameo2plover(verbs: list[dict], nouns: list[dict]) -> None:
    wrong = []
    for kind, e in entries(verbs, nouns):
        if "plover" not in e:
            continue
        allowed = allowed_plover(e["cameo"])
        if e["plover"] not in allowed:
            wrong.append((kind, e["lemma"], e["cameo"], e["plover"], sorted(allowed)))
    assert wrong == []


def test_entries_without_plover_are_outside_it(verbs: list[dict], nouns: list[dict]) -> None:
    for _, e in entries(verbs, nouns):
        if "plover" in e:
            continue
        # public statements (01) and the non-PLOVER categories carry no type
        assert e.get("cameo", "01").startswith("01"), e


def test_deviations_are_documented_in_the_data() -> None:
    # each deviation has a "# Deviation: CAMEO2PLOVER-2021 ..." comment block naming its code
    blocks, current = [], None
    for line in (EVENTS / "verbs.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("# Deviation:"):
            current = [line]
            blocks.append(current)
        elif current is not None and line.startswith("#"):
            current.append(line)
        else:
            current = None
    documented = " ".join(" ".join(block) for block in blocks)
    for prefix in DEVIATIONS:
        assert re.search(rf"\b{prefix}x?\b", documented), prefix


def test_every_type_and_category_is_covered(verbs: list[dict], nouns: list[dict], categories: dict) -> None:
    all_entries = [e for _, e in entries(verbs, nouns)]
    assert {e["plover"] for e in all_entries if "plover" in e} == PLOVER
    assert {e["category"] for e in all_entries if "category" in e} == set(categories)
    roots = {e["cameo"][:2] for e in all_entries if "cameo" in e}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


@pytest.mark.parametrize(("kind", "lemma", "word", "plover", "cameo", "category"), [
    ("verb", "sign", "treaty", "AGREE", "057", "AGREEMENT"),
    ("verb", "accuse", None, "DISAPPROVE", "112", None),
    ("verb", "condemn", None, "DISAPPROVE", "111", None),
    ("verb", "call for", "ceasefire", "DEMAND", "0256", None),
    ("verb", "deploy", None, "MOBILIZE", "154", None),
    ("verb", "send", "troop", "AID", "072", None),
    ("verb", "shell", None, "ASSAULT", "194", "ART_MISS_ATTACK"),
    ("verb", "shell", "position", "FIGHT", "194", "ART_MISS_ATTACK"),
    ("verb", "clash", None, "FIGHT", "190", "ARMED_CLASH"),
    ("verb", "arrest", None, "COERCE", "173", "ARREST"),
    ("verb", "impose", "sanction", "SANCTION", "163", None),
    ("verb", "impose", "curfew", "COERCE", "1723", "OTHER"),
    ("verb", "claim", "responsibility", None, "015", "ATTRIB"),
    ("verb", "recapture", None, "FIGHT", "190", "GOV_REGAINS_TERIT"),
    ("verb", "defuse", None, "COERCE", "170", "DISR_WEAP"),
    ("verb", "loot", None, "COERCE", "171", "PROPERTY_DISTRUCT"),
    ("verb", "release", "hostage", "RETREAT", "0841", None),
    ("verb", "smuggle", None, None, None, "ORG_CRIME"),
    ("verb", "kill", "soldier", "ASSAULT", "190", None),
    ("verb", "kill", "civilian", "ASSAULT", "1823", "ATTACK"),
    ("verb", "receive", "assistance", "AID", "070", None),
    ("verb", "stag", "protest", "PROTEST", "141", "PEACE_PROTEST"),
    ("verb", "rap", "woman", "ASSAULT", "1821", "SEX_VIOL"),
    ("verb", "fight", "police", "PROTEST", "145", "VIOL_DEMONSTR"),
    ("verb", "fight", "force", None, None, None),
    ("noun", "air strike", None, "ASSAULT", "195", "AIR_STRIKE"),
    ("noun", "strike", "drone", "ASSAULT", "195", "AIR_STRIKE"),
    ("noun", "strike", "general", "PROTEST", "143", "PEACE_PROTEST"),
    ("noun", "hunger strike", None, "PROTEST", "142", "PEACE_PROTEST"),
    ("noun", "peace talk", None, "CONSULT", "046", "DIPLO"),
    ("noun", "ceasefire", None, "RETREAT", "0871", None),
    ("noun", "earthquake", None, None, None, "NATURAL_DISASTER"),
    ("noun", "suicide bombing", None, "ASSAULT", "1831", "SUIC_BOMB"),
    ("noun", "strike", "ukrainian", "ASSAULT", "190", None),
    ("noun", "arms deal", None, "COOPERATE", "062", None),
    ("noun", "arm deal", None, "COOPERATE", "062", None),
])
def test_some_senses(kind: str, lemma: str, word: str | None, plover: str | None, cameo: str | None,
                     category: str | None, verbs: list[dict], nouns: list[dict]) -> None:
    restriction = "object" if kind == "verb" else "modifier"
    pool = verbs if kind == "verb" else nouns
    if word is None:
        found = [e for e in pool if e["lemma"] == lemma and restriction not in e and "prep" not in e]
    else:
        found = [e for e in pool if e["lemma"] == lemma and word in e.get(restriction, [])]
    if plover is None and category is None:
        assert found == [], (lemma, word)  # the word alone must not select a sense
        return
    assert len(found) == 1, (lemma, word)
    e = found[0]
    assert (e.get("plover"), e.get("cameo"), e.get("category")) == (plover, cameo, category)


def test_agreements_are_reciprocal(verbs: list[dict], nouns: list[dict]) -> None:
    for _, e in entries(verbs, nouns):
        if e.get("cameo") == "057":
            assert e.get("reciprocal") is True, e
    exchange = [e for e in nouns if e["lemma"] == "exchange" and "prep" in e]
    assert len(exchange) == 1 and exchange[0]["reciprocal"] and "between" in exchange[0]["prep"]


def test_ambiguous_words_have_no_default_sense(verbs: list[dict], nouns: list[dict]) -> None:
    # "strike" (labour or attack), "fire" (dismiss or shoot), "release" (a person or a statement)
    for lemma in ("strike", "fire", "release", "sign", "capture"):
        assert [e for e in verbs if e["lemma"] == lemma and "object" not in e] == [], lemma
    for lemma in ("strike", "fire", "deal", "war"):
        assert [e for e in nouns if e["lemma"] == lemma and "modifier" not in e] == [], lemma
