"""Cases: folders that extend the packaged base, found like commands find them."""

import textwrap
import warnings

import pandas as pd
import pytest

from corridor.case import (
    CaseError,
    CaseOverrideWarning,
    current_case,
    example_names,
    examples_dir,
    find_case,
    init_case,
    open_case,
    read_config,
)
from corridor.cli import main
from corridor.evidence.sightings import SIGHTING_COLUMNS, SOURCE_COLUMNS
from corridor.places import geocode
from corridor.places.gazetteer import SITE_COLUMNS


def test_examples_are_shipped_and_open_by_name():
    import corridor

    assert corridor.open_case("red-sea-sealift") is open_case("red-sea-sealift")
    assert {"dprk-russia", "red-sea-sealift"} <= set(example_names())
    case = open_case("red-sea-sealift")
    assert case.root == (examples_dir() / "red-sea-sealift").resolve()
    assert "invented" in case.title
    with pytest.raises(CaseError, match="not a case folder"):
        open_case("no-such-case")


def test_find_case_order(tmp_path, monkeypatch):
    monkeypatch.delenv("CORRIDOR_CASE", raising=False)
    nested = tmp_path / "mine" / "notes" / "deep"
    nested.mkdir(parents=True)
    init_case(tmp_path / "mine", title="Mine")
    assert find_case(cwd=nested).title == "Mine"  # nearest corridor.toml upwards
    assert find_case(cwd=tmp_path).name == "dprk-russia"  # else the shipped example
    monkeypatch.setenv("CORRIDOR_CASE", "red-sea-sealift")
    assert find_case(cwd=nested).name == "red-sea-sealift"  # the environment before the folder
    assert find_case("dprk-russia", cwd=nested).name == "dprk-russia"  # --case first
    assert current_case().name == "red-sea-sealift"  # what the environment says, right now
    assert not hasattr(open_case(tmp_path / "mine"), "active")  # no case is made ambient


def test_the_case_composes_the_families_and_no_family_finds_one():
    """Only the case, the top-level API and the command line open a case; the families below
    take its parts (tests/test_default_case.py checks what they do when given none)."""
    import ast
    from pathlib import Path

    import corridor

    below = ("places", "evidence", "transport", "tracks", "store", "reports")
    root = Path(corridor.__file__).parent
    found = []
    for family in below:
        for path in sorted((root / family).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                if any(n == "corridor.case" or n.startswith("corridor.case.") for n in names):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
    # the store's own lookups are being moved into the store core separately
    assert [f for f in found if not f.startswith("store/")] == []


def test_init_writes_a_skeleton_and_refuses_to_overwrite(tmp_path):
    case = init_case(tmp_path / "black-sea", title='Grain "corridor"')
    assert case.title == 'Grain "corridor"'
    names = sorted(p.name for p in case.root.iterdir())
    assert names == sorted([
        "corridor.toml", "README.md", "scenarios", "reports", "sites.csv", "sources.csv",
        "sightings.csv", "claims.csv", "assets.csv", "vocabulary.csv", "routes.csv",
    ])  # fmt: skip
    assert (case.root / "sites.csv").read_text() == ",".join(SITE_COLUMNS) + "\n"
    assert "`location_precision_m`" in (case.root / "README.md").read_text()
    assert len(case.sites) == 0 and len(case.sightings()) == 0 and len(case.claims()) == 0
    assert len(case.assets) == len(open_case("dprk-russia").assets) - 0  # the packaged catalogue
    before = (case.root / "corridor.toml").read_bytes()
    with pytest.raises(CaseError, match="already holds a case"):
        init_case(case.root)
    assert (case.root / "corridor.toml").read_bytes() == before


def test_a_new_store_holds_only_what_its_case_brings(tmp_path):
    case = init_case(tmp_path / "c")
    store = case.store(create=True)
    assert len(store.sources()) == 0 and len(store.sightings()) == 0
    red = open_case("red-sea-sealift").store(tmp_path / "r.gpkg", create=True)
    assert set(red.sources()["source_id"]) == set(open_case("red-sea-sealift").sources.index)


@pytest.mark.parametrize(
    "text, message",
    [
        ('description = "no title"\n', "title is missing"),
        ('title = "x"\nstart = 2025-05-01\nend = 2025-01-01\n', "before start"),
        ('title = "x"\nextent = [10, 10, 5, 20]\n', "extent"),
        ('title = "x"\ncolour = "red"\n', "unknown key"),
        ('title = "x"\n[[capacity.compare]]\nsubject = "s"\n', "window_days"),
        ('title = "x\n', "not valid TOML"),
    ],
)
def test_bad_config_is_one_line_naming_the_file(tmp_path, text, message):
    path = tmp_path / "corridor.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError, match=message) as err:
        read_config(path)
    assert str(path) in str(err.value)


def test_case_rows_extend_the_base_and_override_with_a_warning(tmp_path):
    case = init_case(tmp_path / "c")
    (case.root / "assets.csv").write_text(
        textwrap.dedent(
            """\
            asset_id,name,mode,cruise_speed_kmh,troops_low,troops_high,payload_t,range_km,source,source_ref,notes
            il76,Il-76 (case figures),air,700,100,120,40,4000,cited,https://example.org/a,
            barge,River barge,sea,12,,,800,,cited,https://example.org/b,
            """
        ),
        encoding="utf-8",
    )
    case = open_case(case.root)
    with pytest.warns(CaseOverrideWarning, match="asset 'il76' overrides"):
        assets = case.assets.set_index("asset_id")
    assert assets.loc["il76", "cruise_speed_kmh"] == 700 and assets.loc["barge", "payload_t"] == 800
    assert "ropucha" in assets.index  # the rest of the base stays


def test_case_site_kinds_and_activities_extend_the_packaged_ones(tmp_path):
    case = init_case(tmp_path / "c")
    toml = case.root / "corridor.toml"
    toml.write_text(
        toml.read_text() + 'site_kinds = ["depot"]\nactivities = ["refuelling"]\n', encoding="utf-8"
    )
    row = "depot_1,Kherson depot,depot,UA,46.63695,32.61458,,,,5000,geonames,geonameid:706448,\n"
    with (case.root / "sites.csv").open("a", encoding="utf-8") as f:
        f.write(row)
    case = open_case(case.root)
    assert case.geocoder.resolve("Kherson depot").site_id == "depot_1"
    assert geocode(["Kherson depot"], gazetteer=case.gazetteer, kind="depot")["site_id"][0] == "depot_1"
    row = {"observed_start": "2025-01-02", "observed_end": "2025-01-02", "time_precision": "day",
           "site_id": "depot_1", "activity": "refuelling", "source_id": "s", "confidence": "possible"}
    row = pd.DataFrame([row]).reindex(columns=SIGHTING_COLUMNS).fillna("")
    sources = pd.DataFrame([{"source_id": "s", "kind": "media"}]).reindex(columns=SOURCE_COLUMNS)
    sources = sources.fillna("")
    store = case.store(create=True)
    assert store.import_sightings(row, sources=sources).added == 1
    other = open_case("red-sea-sealift").store(tmp_path / "o.gpkg", create=True)
    with pytest.raises(ValueError, match="'refuelling' is not one of"):
        other.import_sightings(row, sources=sources)


@pytest.mark.parametrize("name", ["dprk-russia", "red-sea-sealift"])
def test_one_name_one_site_in_geocode_route_and_capacity(name):
    """Every name and alias of a case's gazetteer resolves to the same site whichever command
    reads it: the geocoder, legs and itineraries (route, capacity) and store imports."""
    from corridor.evidence.sightings import resolve_site_name
    from corridor.transport.routes import _parts, _site

    case = open_case(name)
    labels = [
        label for _, row in case.sites.iterrows() for label in [row["site_id"], row["name"], *row["aliases"]]
    ]
    geocoded = geocode(labels, gazetteer=case.gazetteer)
    parts = _parts(case, None, None, "test")
    for label, status, site_id in zip(labels, geocoded["status"], geocoded["site_id"], strict=True):
        if status != "resolved":  # names shared by two sites stay ambiguous everywhere
            with pytest.raises(LookupError):
                _site(label, parts)
            continue
        assert _site(label, parts)["site_id"] == site_id, label
        assert resolve_site_name(label, case.gazetteer).site_id == site_id, label


def test_route_and_capacity_resolve_places_only_the_fallbacks_know(capsys):
    """A town that is in no case (GeoNames, through the offline fallback) routes like a site."""
    assert main(["route", "Irkutsk", "Krasnoyarsk", "--mode", "air", "--asset", "il76"]) == 0
    out = capsys.readouterr().out
    assert "geonames:2023469 -> geonames:1502026" in out


def test_sightings_of_one_case_do_not_reach_another(tmp_path):
    red = open_case("red-sea-sealift")
    assert set(red.sightings()["site_id"].dropna()) <= set(red.sites["site_id"]) | {""}
    pages = __import__("corridor.maps.atlas", fromlist=["case_pages"]).case_pages(red)
    assert [p.slug for p in pages] == [
        "sites_and_sightings", "timeline", "claims", "dossiers", "routes", "sealift_march", "changes",
    ]  # fmt: skip
    expect = pages[0].expect()
    assert expect["markers"] == len(red.sites) == 13
    assert expect["circle_markers"] == len(red.sightings()) == 9


def test_merge_table_is_atomic_and_reports_what_changed(tmp_path):
    case = init_case(tmp_path / "c")
    rows = pd.DataFrame([{"source_id": "a", "kind": "media"}, {"source_id": "b", "kind": "media"}])
    cols = ["source_id", "kind", "organisation", "publication", "published", "url", "notes"]
    assert case.merge_table("sources.csv", rows, "source_id", cols) == (["a", "b"], [], [])
    rows.loc[1, "kind"] = "official"
    assert case.merge_table("sources.csv", rows, "source_id", cols) == ([], ["b"], ["a"])
    assert not [p for p in case.root.iterdir() if p.name.startswith(".")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(open_case(case.root).sources["kind"]) == ["media", "official"]


def test_a_new_case_with_no_sites_resolves_names_through_the_fallbacks(tmp_path):
    case = init_case(tmp_path / "empty", title="Empty")
    assert len(case.sites) == 0
    result = case.geocoder.resolve("Odesa")
    assert result.status == "resolved" and result.matched_by == "geonames"
    assert abs(result.lat - 46.48) < 0.1 and abs(result.lon - 30.73) < 0.1
