from corridor.places.names import fold, normalize


def test_fold_transliterates_and_drops_punctuation():
    assert fold("Дунай") == "dunay"
    assert fold("Namp'o!") == "namp o"
    assert fold("  Hŭngnam ") == "hungnam"


def test_normalize_drops_generic_words():
    assert normalize("the port of Dunai") == "dunai"
    assert normalize("Sunan airport") == "sunan"
    assert normalize("Primorskyi Krai") == "primorskyi"
    assert normalize("Kursk Oblast") == "kursk"


def test_normalize_keeps_a_name_made_only_of_generic_words():
    assert normalize("Port") == "port"
