import warnings

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from corridor.case import open_case
from corridor.evidence.exports import FORMATS, export, to_kml
from corridor.evidence.sightings import SIGHTING_COLUMNS
from corridor.store.geopackage import open_store

#: The shipped example case whose evidence the tests below use.
CASE = open_case("dprk-russia")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # fastkml warns that lxml is missing
    from fastkml import kml


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("store") / "store.gpkg", case=CASE)
    store.import_sightings(table([POINT_ROW]), origin="point")
    store.import_seed()
    return store


POINT_ROW = {
    "observed_start": "2025-06-04T05:10", "observed_end": "2025-06-04T05:40",
    "time_precision": "datetime", "lat": "39.2241", "lon": "125.67", "location_precision_m": "250",
    "asset_class": "Il-76", "asset_count": "2", "activity": "moving", "source_id": "report_002",
    "originator_id": "open_source_centre", "confidence": "possible",
}  # fmt: skip


def table(rows):
    return pd.DataFrame([{c: r.get(c, "") for c in SIGHTING_COLUMNS} for r in rows])


@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg", "geoparquet"])
def test_exports_import_back_as_the_same_sightings(seeded, tmp_path, fmt):
    path = seeded.export(tmp_path / f"out{FORMATS[fmt]}")
    again = seeded.import_sightings(path)
    assert (again.added, again.revised, again.unchanged) == (0, 0, len(seeded.sightings()))
    fresh = open_store(tmp_path / "fresh.gpkg", case=CASE)
    report = fresh.import_sightings(path)
    assert sorted(report.added_ids) == sorted(seeded.sightings()["sighting_id"])
    assert fresh.sightings().geometry.equals(seeded.sightings().geometry)


def test_geo_formats_carry_points_and_sources(seeded, tmp_path):
    expected = seeded.sightings()
    for fmt in ("geojson", "gpkg", "geoparquet"):
        path = seeded.export(tmp_path / f"out{FORMATS[fmt]}")
        gdf = gpd.read_parquet(path) if fmt == "geoparquet" else pyogrio.read_dataframe(path)
        assert gdf.crs.to_epsg() == 4326
        assert gdf["sighting_id"].tolist() == expected["sighting_id"].tolist()
        assert gdf.geometry.x.round(6).tolist() == expected.geometry.x.round(6).tolist()
        assert gdf["source_publication"].tolist() == expected["source_publication"].tolist()
        point = gdf[gdf["time_precision"] == "datetime"].iloc[0]
        assert pd.Timestamp(point["observed_start"]) == pd.Timestamp("2025-06-04T05:10")


def test_kml_has_one_placemark_per_sighting_with_time_and_source(seeded, tmp_path):
    sightings = seeded.sightings()
    path = seeded.export(tmp_path / "out.kml")
    doc = kml.KML.from_string(path.read_text(encoding="utf-8"))
    (document,) = doc.features
    placemarks = list(document.features)
    assert len(placemarks) == len(sightings)
    for pm, (_, s) in zip(placemarks, sightings.iterrows(), strict=True):
        assert pm.id == s["sighting_id"]
        assert pm.name.startswith(f"{s['site_name'] or '39.224, 125.670'}: {s['activity']}")
        begin, end = (pd.Timestamp(t.dt).tz_localize(None) for t in (pm.times.begin, pm.times.end))
        assert (begin, end) == (s["observed_start"], s["observed_end"])
        assert f"Source: {s['source_publication']}" in pm.description
        data = {d.name: d.value for d in pm.extended_data.elements}
        assert data["source_id"] == s["source_id"]
        assert (pm.geometry.x, pm.geometry.y) == pytest.approx((s.geometry.x, s.geometry.y))


def test_kml_is_deterministic_and_csv_keeps_given_fields(tmp_path):
    seeds = CASE.sightings()
    assert to_kml(seeds) == to_kml(seeds)
    path = export(seeds, tmp_path / "seed.csv")
    written = pd.read_csv(path, dtype=str, keep_default_na=False)
    original = pd.read_csv(
        "geodata/cases/dprk-russia/sightings.csv", dtype=str, keep_default_na=False, encoding="utf-8"
    )
    assert written[SIGHTING_COLUMNS].equals(original[SIGHTING_COLUMNS])


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="cannot tell the export format"):
        export(CASE.sightings(), tmp_path / "out.shp")


def test_export_refuses_a_protected_path_and_writes_atomically(seeded, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous\n")
    with pytest.raises(ValueError, match="is the store being read"):
        export(seeded.sightings(), target, protect=[target])
    assert target.read_text() == "previous\n"
    with pytest.raises(ValueError, match="is the store being read"):
        seeded.export(seeded.path)
    export(seeded.sightings(), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    assert target.read_text().startswith("sighting_id,revision,")


def test_csv_export_quotes_formula_cells_and_reads_back_exactly(tmp_path):
    store = open_store(tmp_path / "s.gpkg", case=CASE)
    notes = ["=1+1", "+cmd", "-5 trucks", "@x", "'=y", "plain"]
    rows = [{**POINT_ROW, "notes": n, "lat": f"-{10 + i}.5"} for i, n in enumerate(notes)]
    store.import_sightings(table(rows), origin="t")
    path = store.export(tmp_path / "out.csv")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert raw["notes"].tolist() == ["'=1+1", "'+cmd", "'-5 trucks", "'@x", "''=y", "plain"]
    assert raw["lat"].tolist() == [f"-{10 + i}.5" for i in range(6)]  # numbers stay numbers
    again = store.import_sightings(path)
    assert (again.added, again.revised, again.unchanged) == (0, 0, 6)


def test_kml_description_is_escaped_html(tmp_path):
    store = open_store(tmp_path / "s.gpkg", case=CASE)
    store.import_sightings(table([{**POINT_ROW, "notes": "<script>x</script> & co"}]), origin="t")
    text = to_kml(store.sightings())
    doc = kml.KML.from_string(text)
    (placemark,) = list(doc.features[0].features)
    assert placemark.description.endswith("Notes: &lt;script&gt;x&lt;/script&gt; &amp; co")
    assert "<br>" in placemark.description and "<script>" not in placemark.description
