from corridor.reports.places import find_places


def places(text):
    return [(p.text, p.status, p.site_id) for p in find_places(text)]


def test_names_aliases_and_spans():
    text = "A ship left Дунай for Rajin; planes sat at ZKPY? No: at Sunan Airport."
    found = find_places(text)
    assert [(p.text, p.site_id) for p in found] == [
        ("Дунай", "dunai"), ("Rajin", "rajin"), ("Sunan Airport", "sunan"),
    ]  # fmt: skip
    assert all(text[p.start : p.end] == p.text for p in found)


def test_generic_words_join_the_mention_and_pick_the_kind():
    assert places("Troops at the Sergeevka base and the port of Dunay.") == [
        ("Sergeevka base", "resolved", "sergeevka_base"),
        ("the port of Dunay", "resolved", "dunai"),
    ]


def test_an_ambiguous_name_is_kept_with_its_candidates():
    (p,) = find_places("Seen at Sergeevka.")
    assert p.status == "ambiguous"
    assert set(p.candidates) == {"sergeevka_base", "sergeevka_partizansky"}


def test_an_ambiguous_name_is_settled_near_the_other_places_of_its_sentence():
    (sergeevka, ussuriysk) = find_places("Seen at Sergeevka, west of Ussuriysk.")
    assert (sergeevka.site_id, ussuriysk.site_id) == ("sergeevka_base", "ussuriysk")
    assert sergeevka.reason == "ambiguous; taken near ussuriysk"


def test_a_city_outside_the_gazetteer_comes_from_geonames():
    (p,) = find_places("The train stopped in Irkutsk.")
    assert (p.text, p.site_id, p.matched_by, p.kind) == ("Irkutsk", None, "geonames", "city")
    assert not p.from_gazetteer_names


def test_countries_peoples_and_acronyms_are_not_places():
    assert places("In May, Russia and Ukraine talked in Russia.") == []
    assert places("Troops went to Russian-occupied areas, according to TASS.") == []


def test_seas_straits_gulfs_and_provinces_by_their_generic_word():
    text = (
        "Tankers waited in the Vesna Sea, crossed the Strait of Orlo and the Kadar Strait, "
        "then anchored in the Gulf of Tessin off Marovia Province."
    )
    found = [(p.text, p.status, p.kind) for p in find_places(text)]
    assert found == [
        ("Vesna Sea", "not_found", "sea"),
        ("Strait of Orlo", "not_found", "strait"),
        ("Kadar Strait", "not_found", "strait"),
        ("Gulf of Tessin", "not_found", "sea"),
        ("Marovia Province", "not_found", "region"),
    ]


def test_a_base_the_gazetteer_lacks_is_kept_for_the_reviewer():
    (p,) = find_places("Jets landed at the Zarnitsa air base.")
    assert (p.text, p.status, p.kind) == ("Zarnitsa air base", "not_found", "airfield")
    assert "locate it by hand" in p.reason


def test_an_unknown_name_after_in_is_kept_unresolved():
    (p,) = find_places("The barge was loaded in Zarnitsa overnight.")
    assert (p.text, p.status) == ("Zarnitsa", "not_found")


def test_countries_and_metonymic_capitals_are_not_places():
    text = "Moscow has denied it. Seoul: no comment. Ships sailed to Syria and Libya."
    assert places(text) == []


def test_a_capital_after_in_stays_a_place():
    assert places("Officials in Seoul said the talks ended.") == [("Seoul", "resolved", "seoul")]


def test_a_geonames_answer_with_another_name_is_refused():
    # GeoNames' fuzzy answer to an unknown port name is some other town: not taken
    found = find_places("The grain was loaded at Port Zarnitsa.")
    assert [(p.text, p.status) for p in found] == [("Port Zarnitsa", "not_found")]
