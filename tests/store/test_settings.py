"""A store is given what it needs from its case (``StoreSettings``), and never looks a case up."""

import ast
from pathlib import Path

import pandas as pd
import pytest

from corridor.evidence.sightings import SIGHTING_COLUMNS
from corridor.store import StoreSettings
from corridor.store.geopackage import open_store
from corridor.validation import ValidationError

STORE = Path(__file__).resolve().parents[2] / "src" / "corridor" / "store"
ROW = {
    "observed_start": "2025-05-18", "observed_end": "2025-05-18", "time_precision": "day",
    "site_id": "sergeevka_base", "asset_class": "landing ship", "asset_count": "1",
    "activity": "arrived", "source_id": "report_002", "originator_id": "open_source_centre",
    "confidence": "probable",
}  # fmt: skip
NAKHODKA = {"site_id": "", "lat": "42.8436", "lon": "132.91831", "location_precision_m": "5000"}


def table(rows):
    return pd.DataFrame([{c: r.get(c, "") for c in SIGHTING_COLUMNS} for r in rows])


@pytest.fixture
def bare(backend, tmp_path, request):
    """A new store on each backend, opened with no case."""
    if backend == "postgis":
        store = open_store(request.getfixturevalue("postgis_url"))
    else:
        store = open_store(tmp_path / "bare.gpkg")
    yield store
    store.close()


def test_a_store_with_no_case_knows_no_sites_and_starts_with_no_sources(bare, case):
    assert bare.counts() == dict.fromkeys(bare.counts(), 0)
    sightings, claims = bare.import_seed()
    assert [(r.origin, r.added) for r in (sightings, claims)] == [("sightings.csv", 0),
                                                                  ("claims.csv", 0)]  # fmt: skip
    cited = case.sources[case.sources["source_id"].isin(["report_002", "open_source_centre"])]
    with pytest.raises(ValidationError) as err:
        bare.import_sightings(table([ROW]), sources=cited, origin="row.csv")
    assert [(p.row, p.field) for p in err.value.problems] == [(1, "site_id")]
    assert str(err.value.problems[0]).endswith(
        "unknown site 'sergeevka_base' (neither a site id nor a name the geocoder knows); this"
        " store was opened with no case, so it knows no sites (open it with case=...)"
    )
    assert bare.counts()["sources"] == 0  # nothing half-written
    # a sighting placed by its coordinates, with the sources it cites, needs no case
    report = bare.import_sightings(table([{**ROW, **NAKHODKA}]), sources=cited, origin="row.csv")
    assert (report.added, sorted(report.sources_added)) == (1, ["open_source_centre", "report_002"])
    row = bare.sightings().iloc[0]
    assert (row["lon"], row["lat"], row["located_by"]) == (132.91831, 42.8436, "point")


def test_a_case_store_read_with_no_case_gives_its_rows_without_site_precision(seeded, case):
    target = getattr(seeded, "url", seeded.path)
    with_case, without = seeded.sightings(), open_store(target, create=False).sightings()
    assert without["sighting_id"].tolist() == with_case["sighting_id"].tolist()
    assert without.geometry.equals(with_case.geometry)
    by_site = with_case["located_by"] == "site"
    assert by_site.any() and without.loc[by_site, "location_precision_m"].isna().all()
    others = [c for c in with_case.columns if c != "location_precision_m"]
    pd.testing.assert_frame_equal(without[others], with_case[others])


def test_settings_given_explicitly_do_what_the_case_does(backend, tmp_path, request, case):
    settings = StoreSettings(gazetteer=case.gazetteer, sources=case.sources, name="mine",
                             seed={"claims.csv": case.table("claims.csv")})  # fmt: skip
    target = request.getfixturevalue("postgis_url") if backend == "postgis" else tmp_path / "s.gpkg"
    store = open_store(target, case=settings)
    assert store.counts()["sources"] == len(case.sources)
    sightings, claims = store.import_seed()
    assert (sightings.origin, sightings.added) == ("mine/sightings.csv", 0)
    seed_claims = len(pd.read_csv(case.table("claims.csv")))
    assert (claims.origin, claims.added) == ("mine/claims.csv", seed_claims)
    assert store.import_sightings(table([ROW]), origin="row.csv").added == 1
    assert store.sightings()["site_id"].tolist() == ["sergeevka_base"]
    store.close()


def test_the_case_of_a_store_is_checked(tmp_path):
    with pytest.raises(TypeError, match="case must be a corridor case .* not str 'dprk-russia'"):
        open_store(tmp_path / "s.gpkg", case="dprk-russia")
    assert not (tmp_path / "s.gpkg").exists()


def test_the_store_imports_nothing_above_it():
    """No module of the store imports the case, the maps, the command line or the test helpers,
    or calls ``current_case``; every import of the project is at module top."""
    for path in sorted(STORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                names = []
            for name in names:
                assert not name.startswith(
                    ("corridor.case", "corridor.maps", "corridor.cli", "corridor.testing")
                ), f"{path.name}:{node.lineno} imports {name}"
            if isinstance(node, ast.Name | ast.Attribute):
                assert getattr(node, "id", getattr(node, "attr", "")) != "current_case", path.name
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = [n for n in ast.walk(func) if isinstance(n, ast.Import | ast.ImportFrom)]
                assert all(
                    not (getattr(n, "module", None) or n.names[0].name).startswith("corridor")
                    for n in inner
                ), f"{path.name}: {func.name} imports a project module inside the function"
