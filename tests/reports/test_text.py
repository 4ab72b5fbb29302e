from corridor.reports.text import TermMatcher, fold_text, split_sentences


def test_fold_keeps_offsets():
    text = "Korea\u02bcs Il\u201376 at Дунай\u00a0port"
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert folded == "korea's il-76 at дунай port"
    every = "A\u2019\u2018\u02bc\u2032`\u2010\u2011\u2012\u2013\u2014\u00a0\u202f\u2009\n\tZ"
    assert fold_text(every) == "a'''''-----     z"
    assert fold_text("İSTANBUL \u2013 ΟΔΟΣ") == "İstanbul - οδοσ"  # a longer lower case: kept


def test_sentences_keep_spans_and_skip_abbreviations():
    text = "Gen. Smith spoke. The U.S. agreed!  “Yes,” he said.\nNext line"
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == ["Gen. Smith spoke.", "The U.S. agreed!", "“Yes,” he said.", "Next line"]


def test_a_word_ending_like_an_abbreviation_still_ends_a_sentence():
    text = "It could come in August. The NIS said so."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "It could come in August.", "The NIS said so.",
    ]  # fmt: skip


def test_matcher_whole_words_longest_first_and_plurals():
    m = TermMatcher(
        {"Il-76": "il76", "Kursk": "kursk", "Kursk region": "kursk_region"}, plural=True
    )
    text = "Two Il-76s flew to the Kursk region, not to Kurskaya or Il-761."
    assert [(h.text, h.value) for h in m.find(text)] == [
        ("Il-76s", "il76"), ("Kursk region", "kursk_region"),
    ]  # fmt: skip
