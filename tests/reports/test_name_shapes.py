import pytest

from corridor.reports.names import name_hits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Maritime Research Institute said so.", ["Maritime Research Institute"]),
        ("Data came from the Coastal Monitoring Service.", ["Coastal Monitoring Service"]),
        ("NAVCOM confirmed the transfer.", ["NAVCOM"]),
        ("Deputy Defence Minister Lena Ostrova spoke.", ["Deputy Defence Minister Lena Ostrova"]),
        ("Colonel Ivo Marsh spoke. Later Marsh said more.", ["Colonel Ivo Marsh", "Marsh"]),
        ("The Harbour Authority of Vesna (HAV) agreed.", ["Harbour Authority of Vesna (HAV)"]),
    ],
)
def test_names_by_shape(text, expected):
    assert [h.text for h in name_hits(text)] == expected


def test_months_countries_and_openers_are_not_names():
    assert name_hits("In March, North Korea and Syria said nothing. The ship left.") == []
