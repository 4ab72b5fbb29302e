import pandas as pd

from corridor.evidence.changes import compare, snapshot
from corridor.maps.changes import changes_page

OLD = pd.DataFrame({"sighting_id": ["s1", "s2"], "activity": ["loading", "present"],
                    "notes": ["", "<i>old</i>"]})  # fmt: skip
NEW = pd.DataFrame({"sighting_id": ["s1", "s3"], "activity": ["unloading", "arrived"],
                    "notes": ["<script>x</script>", ""]})  # fmt: skip


def test_page_has_a_row_per_change_and_escapes_values():
    html = changes_page(compare(snapshot(OLD), snapshot(NEW)), "the previous atlas build")
    assert html.count('class="corridor-change" data-change="revised"') == 2
    assert html.count('data-change="added" data-kind="sighting" data-id="s3"') == 1
    assert html.count('data-change="withdrawn" data-kind="sighting" data-id="s2"') == 1
    assert "<del>loading</del>" in html and "<ins>unloading</ins>" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert "Since the previous atlas build: 1 revised (1 sightings); 1 added (1 sightings); 1 withdrawn" in html  # fmt: skip


def test_no_changes_says_so():
    html = changes_page(compare(snapshot(OLD), snapshot(OLD)), "a store")
    assert "corridor-change" not in html and html.count("<p>None.</p>") == 3
