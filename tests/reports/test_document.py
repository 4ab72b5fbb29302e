import importlib
import sys
from datetime import date

import pytest

import corridor.reports.text as text_module
from corridor.reports.claimants import ClaimantFinder
from corridor.reports.dates import find_dates
from corridor.reports.document import Document
from corridor.reports.extract import CANDIDATE_KINDS, extract
from corridor.reports.names import name_hits
from corridor.reports.numbers import find_numbers
from corridor.reports.places import find_places
from corridor.reports.text import sentence_at
from corridor.testing.places import black_sea_case

PUBLISHED = date(2025, 7, 2)
# Written for these tests: every finder has something to find (gazetteer places, a named sea and
# a GeoNames town, dates of several kinds and one in Russian, figures with units written after,
# before, by a hyphen or not at all, a vague quantity, claimants by name and by shape, a distance).
TEXT = (
    "Satellite images from the Open Source Centre show a Ropucha-class landing ship arriving at "
    "the port of Dunai on May 18. Cargo planes, likely Il-76s, were seen at Sunan airport in May "
    "and June; a 90-meter barge waited in the Sea of Japan.\n"
    "Ukrainian intelligence says up to 30,000 troops could follow as early as July, and 12% of "
    "them by rail through Irkutsk. Deputy Press Secretary Jane Roe said 10,000 to 20,000 is more "
    "realistic; a crew of at least 30 sailed two days later. Tens of thousands of shells went "
    "north, Roe added. Паром прибыл 12 мая.\n"
    "The port of Dunai lies 95 km southwest of Nakhodka."
)


def test_sentences_clauses_tokens_keep_offsets():
    text = "A barge left Nampo on May 3; it docked at Rajin - late. Then\u2014nothing."
    doc = Document(text)
    assert [text[s.start : s.end] for s in doc.sentences] == [
        "A barge left Nampo on May 3; it docked at Rajin - late.",
        "Then\u2014nothing.",
    ]
    assert [text[c.start : c.end] for c in doc.clauses_of(doc.sentences[0])] == [
        "A barge left Nampo on May 3",
        "it docked at Rajin",
        "late.",
    ]
    assert len(doc.folded) == len(text) and doc.folded.startswith("a barge")
    assert all(text[t.start : t.end] == t.text for t in doc.tokens)
    assert doc.clause_at(text.index("Rajin")).start == text.index("it docked")
    assert doc.clause_at(text.index("; it")) is None  # between two clauses
    assert doc.language.code == "en"


def test_sentence_at_by_bisection_is_the_linear_answer():
    doc = Document("  First one. Second one!\nThird, and last.  ")
    for pos in range(len(doc.text)):
        assert doc.sentence_at(pos) == sentence_at(doc.sentences, pos)


def test_derivations_are_computed_once_and_kept():
    doc = Document("Two barges left. One came back.")
    assert doc.folded is doc.folded and doc.sentences is doc.sentences
    calls = []
    assert doc.derive("n", lambda d: calls.append(1) or len(d.sentences)) == 2
    assert doc.derive("n", lambda d: calls.append(1) or -1) == 2
    assert calls == [1]
    assert Document.of(doc) is doc and Document.of("x").text == "x"


def test_extract_parses_once_and_every_stage_annotates():
    x = extract("NAVCOM said a barge left Nampo on May 3 with 40 containers.",
                publisher="P", published=PUBLISHED, name="t")  # fmt: skip
    doc = x.document
    assert set(doc.annotations) == {
        "places", "dates", "numbers", "assets", "activities", "distance_checks", "claimants",
    }  # fmt: skip
    assert doc.annotations["places"] is x.places
    assert [h.text for h in doc.annotations["claimants"]] == ["NAVCOM"]


def _count_folds(monkeypatch) -> list[str]:
    """Count calls of the folding function, wherever a module of corridor holds it."""
    calls: list[str] = []
    fold = text_module.fold_text

    def counted(text: str) -> str:
        calls.append(text)
        return fold(text)

    holders = [
        m for name, m in list(sys.modules.items())
        if name.startswith("corridor") and getattr(m, "fold_text", None) is fold
    ]  # fmt: skip
    assert "corridor.reports.document" in {m.__name__ for m in holders}
    for module in holders:
        monkeypatch.setattr(module, "fold_text", counted)
    return calls


def test_one_fold_per_extraction(monkeypatch):
    first = extract(TEXT, publisher="P", published=PUBLISHED, name="t")  # loads every cache
    calls = _count_folds(monkeypatch)
    x = extract(TEXT, publisher="P", published=PUBLISHED, name="t")
    assert calls == [TEXT]  # the whole text, once; every part of it is a slice of that
    assert x.candidates.equals(first.candidates)
    assert {"sighting", "claim", "place"} <= set(x.candidates["kind"])
    assert "Russian date" in {d.reason for d in x.dates}
    assert [c.verdict for c in x.distance_checks] == ["inconsistent"]


def _standalone_and_shared(text: str, published: date) -> tuple[dict, dict]:
    """Each finder on the bare text, and the same finders sharing one Document (as extract)."""
    alone = {
        "dates": find_dates(text, published),
        "places": find_places(text),
        "claimants": ClaimantFinder(text).hits,
        "names": name_hits(text),
    }
    alone["numbers"] = find_numbers(text, [(d.start, d.end) for d in alone["dates"]])
    doc = Document(text)
    shared = {"dates": find_dates(doc, published), "places": find_places(doc)}
    shared["numbers"] = find_numbers(doc, [(d.start, d.end) for d in shared["dates"]])
    shared["claimants"] = ClaimantFinder(doc).hits
    shared["names"] = name_hits(doc)
    return alone, shared


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "A Ropucha arrived at the port of Dunai on May 18, as it did last year. "
        "Two days later the ship had left the port.",
        "Seen at Sergeevka, west of Ussuriysk. The NIS said 1,000 sappers went; TASS said 2,000.",
    ],
)
def test_finders_given_the_document_find_what_they_find_alone(text):
    alone, shared = _standalone_and_shared(text, PUBLISHED)
    assert shared == alone
    x = extract(text, publisher="P", published=PUBLISHED, name="t")
    for stage in ("dates", "places", "numbers", "claimants"):
        assert x.document.annotations[stage] == alone[stage], stage


def test_finders_given_the_document_on_the_source_reports(shared_reports):
    for path in sorted(shared_reports.glob("*.txt")):
        alone, shared = _standalone_and_shared(path.read_text(encoding="utf-8"), PUBLISHED)
        assert shared == alone, path.name
        assert alone["dates"] and alone["places"] and alone["numbers"] and alone["claimants"]


def test_extract_takes_what_it_reads_from_the_caller(tmp_path, monkeypatch):
    case = black_sea_case(tmp_path / "black-sea")
    parts = {"vocabulary": case.vocabulary, "geocoder": case.geocoder, "sources": case.sources}

    def nobody_looks_it_up():
        raise AssertionError("the current case was looked up")

    monkeypatch.setattr("corridor.case.current_case", nobody_looks_it_up)
    text = "Two Il-76s landed at Odesa airport on June 4."
    for given in ({"case": case}, parts):
        x = extract(text, publisher="Example Post", published=date(2023, 7, 2), **given)
        assert x.sightings[["site_id", "asset_class"]].values.tolist() == [
            ["odesa_airport", "il76"]
        ]
    with pytest.raises(TypeError, match="case= needs vocabulary, geocoder, sources"):
        extract(text, publisher="P", published=PUBLISHED, case=object())
    with pytest.raises(TypeError, match="geocoder must be a Geocoder, got Gazetteer"):
        extract(text, publisher="P", published=PUBLISHED, geocoder=case.gazetteer)


@pytest.mark.parametrize("module", ["corridor.reports.extract", "corridor.reports.candidates"])
def test_the_old_name_of_the_candidate_kinds_warns(module):
    with pytest.warns(DeprecationWarning, match="CANDIDATE_KINDS"):
        assert importlib.import_module(module).KINDS == CANDIDATE_KINDS
    assert CANDIDATE_KINDS == ("sighting", "claim", "place")


def test_a_document_needs_text():
    with pytest.raises(TypeError, match="text must be a str"):
        Document(None)
    with pytest.raises(TypeError, match="text must be a str"):
        find_dates(None, PUBLISHED)
