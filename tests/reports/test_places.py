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
