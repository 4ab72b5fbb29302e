from datetime import date

import pytest

from corridor.reports.document import Document
from corridor.reports.extract import extract


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


def test_extract_parses_once_and_every_stage_annotates():
    x = extract("NAVCOM said a barge left Nampo on May 3 with 40 containers.",
                publisher="P", published=date(2025, 7, 2), name="t")  # fmt: skip
    doc = x.document
    assert set(doc.annotations) == {
        "places", "dates", "numbers", "assets", "activities", "distance_checks", "claimants",
    }  # fmt: skip
    assert doc.annotations["places"] is x.places
    assert [h.text for h in doc.annotations["claimants"]] == ["NAVCOM"]


def test_a_document_needs_text():
    with pytest.raises(TypeError, match="text must be a str"):
        Document(None)
