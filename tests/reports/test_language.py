import pytest

from corridor.reports.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Two ferries docked at the port on Monday, the ministry said.", "en"),
        ("Два парома прибыли в порт в понедельник, сообщило министерство.", "ru"),
        ("월요일에 두 척의 여객선이 항구에 도착했다고 국방부가 밝혔다.", "ko"),
        ("Deux ferries sont arrivés au port lundi, selon le ministère.", "und"),
        ("12 345 -- 678", "und"),
    ],
)
def test_language(text, code):
    assert detect_language(text).code == code


def test_the_message_says_what_to_do():
    lang = detect_language("Два парома прибыли в порт в понедельник.")
    assert lang.message.startswith("text in Russian (100% of its letters)")
    assert "review the text by hand" in lang.message
