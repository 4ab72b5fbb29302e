"""Export sightings for the tools analysts use: GeoJSON, KML, GeoParquet, CSV and GeoPackage.

GeoJSON, GeoParquet, CSV and GeoPackage carry the sighting's id and revision, its fields as
they were given (so such an export imports back into a store as the same sightings, adding
nothing), the resolved point (EPSG:4326) and its source. KML is for viewing, not for importing
back: one Placemark per sighting with a name, a ``TimeSpan`` over the observed interval, a
description (HTML-escaped, so that viewers that render HTML, such as Google Earth, show the text
as written) and the main fields as ``ExtendedData``.

Files are written atomically (a temporary file renamed over the target once complete) and never
onto a ``protect``-ed path such as the store being exported. CSV cells that a spreadsheet would
run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) get a leading ``'``
(:func:`corridor.escape.csv_cell`); reading the CSV back removes exactly that quote.

Examples
--------
>>> import pandas as pd
>>> from corridor.evidence.sightings import SIGHTING_COLUMNS, SOURCE_COLUMNS, to_geodataframe
>>> from corridor.testing.places import black_sea_gazetteer
>>> row = dict.fromkeys(SIGHTING_COLUMNS, "") | {
...     "observed_start": "2023-07-18", "observed_end": "2023-07-18", "time_precision": "day",
...     "site_id": "odesa", "activity": "present", "source_id": "s1", "confidence": "possible"}
>>> sources = pd.DataFrame([["s1", "media", "Example Post", "", "", "", ""]],
...                        columns=SOURCE_COLUMNS).set_index("source_id", drop=False)
>>> text = to_kml(to_geodataframe(pd.DataFrame([row]), black_sea_gazetteer(), sources))
>>> text.count("<Placemark")
1
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import pandas as pd

from corridor._files import atomic_target, check_target
from corridor.escape import csv_frame
from corridor.evidence.sightings import (
    INTEGER_FIELDS,
    SIGHTING_COLUMNS,
    SOURCE_COLUMNS,
    format_when,
)
from corridor.places.gazetteer import ALIAS_SEP, SITE_COLUMNS

#: Export formats and the file suffix each is recognised by.
FORMATS = {"geojson": ".geojson", "kml": ".kml", "geoparquet": ".parquet", "csv": ".csv",
           "gpkg": ".gpkg"}  # fmt: skip
#: Descriptive columns added after the sighting's own fields.
SOURCE_FIELDS = ["site_name", "source_org", "source_publication", "source_published",
                 "source_url", "originator"]  # fmt: skip
_KML = "http://www.opengis.net/kml/2.2"


def export_table(sightings: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Sightings in their exported form: id, revision, the fields as given, sources, point.

    Dates stay ISO 8601 text (they keep their precision); ``lat``/``lon`` are empty for a
    sighting placed by its site, ``location_precision_m`` empty where the site's was used.
    """
    g = sightings
    out = pd.DataFrame(index=g.index)
    out["sighting_id"] = g["sighting_id"]
    out["revision"] = g["revision"] if "revision" in g else 1
    for c in SIGHTING_COLUMNS:
        out[c] = g[c]
    by_site = g["located_by"] == "site"
    out["lat"] = g["lat"].astype(float).mask(by_site)
    out["lon"] = g["lon"].astype(float).mask(by_site)
    out["location_precision_m"] = g["location_precision_given_m"]
    for c in ("observed_start", "observed_end"):
        fmt = ["%Y-%m-%dT%H:%M:%S" if p == "datetime" else "%Y-%m-%d" for p in g["time_precision"]]
        out[c] = [t.strftime(f) for t, f in zip(g[c], fmt, strict=True)]
    for c in INTEGER_FIELDS:
        out[c] = pd.to_numeric(out[c]).astype("Int64")
    for c in SOURCE_FIELDS:
        out[c] = g[c].fillna("") if c in g else ""
    return gpd.GeoDataFrame(out.reset_index(drop=True), geometry=g.geometry.values, crs=g.crs)


def export(
    sightings: gpd.GeoDataFrame, path: str | Path, fmt: str | None = None, protect=()
) -> Path:
    """Write ``sightings`` to ``path`` in ``fmt`` (one of :data:`FORMATS`; default from the suffix).

    ``protect`` lists files ``path`` must not be (``ValueError``), such as the store read from.
    """
    path = check_target(path, protect)
    fmt = fmt or next((f for f, suffix in FORMATS.items() if path.suffix == suffix), None)
    if fmt not in FORMATS:
        raise ValueError(
            f"cannot tell the export format of {path}; give one of {sorted(FORMATS)} or a file "
            f"ending in one of {sorted(FORMATS.values())}"
        )
    table = export_table(sightings)
    with atomic_target(path) as tmp:
        if fmt == "csv":
            csv_frame(table.drop(columns="geometry")).to_csv(tmp, index=False, encoding="utf-8")
        elif fmt == "kml":
            tmp.write_text(to_kml(sightings), encoding="utf-8")
        elif fmt == "geoparquet":
            table.to_parquet(tmp, index=False)
        else:
            import pyogrio

            driver = {"geojson": "GeoJSON", "gpkg": "GPKG"}[fmt]
            pyogrio.write_dataframe(table, tmp, driver=driver, layer="sightings")
    return path


def beside(path: str | Path, what: str) -> Path:
    """Where the ``sources`` or ``sites`` of a CSV export go: ``<name>.<what>.csv`` beside it."""
    path = Path(path)
    return path.with_name(f"{path.stem}.{what}.csv")


def export_references(sources: pd.DataFrame, sites: pd.DataFrame, path: str | Path) -> None:
    """Write the sources and sites an export cites with it, so that it imports whole into a store
    of another case: ``sources`` and ``sites`` layers of a GeoPackage, ``<name>.sources.csv`` and
    ``<name>.sites.csv`` beside a CSV (other formats carry the source and site fields per feature)."""
    path = Path(path)
    tables = {"sources": sources.reset_index(drop=True)[SOURCE_COLUMNS]}
    sites = sites.reset_index(drop=True)[SITE_COLUMNS].copy()
    sites["aliases"] = [ALIAS_SEP.join(a) if isinstance(a, list) else a for a in sites["aliases"]]
    tables["sites"] = sites
    for what, table in tables.items():
        table = table.astype(object).where(table.notna(), "").astype(str)
        if path.suffix.lower() == ".gpkg":
            import pyogrio

            pyogrio.write_dataframe(table, path, layer=what, driver="GPKG")
        elif path.suffix.lower() == ".csv":
            table.to_csv(beside(path, what), index=False, encoding="utf-8", lineterminator="\n")


def read_references(path: str | Path) -> dict[str, pd.DataFrame]:
    """The ``sources`` and ``sites`` written with an export by :func:`export_references`."""
    path = Path(path)
    found = {}
    if path.suffix.lower() == ".gpkg":
        import pyogrio

        layers = [str(n) for n, _ in pyogrio.list_layers(path)]
        for what in ("sources", "sites"):
            if what in layers:
                df = pyogrio.read_dataframe(path, layer=what, read_geometry=False)
                found[what] = df.astype(object).where(df.notna(), "").astype(str)
    elif path.suffix.lower() == ".csv":
        for what in ("sources", "sites"):
            if beside(path, what).is_file():
                found[what] = pd.read_csv(
                    beside(path, what), dtype=str, keep_default_na=False, encoding="utf-8"
                )
    return found


def to_kml(sightings: gpd.GeoDataFrame, name: str = "corridor sightings") -> str:
    """KML document with one Placemark per sighting: name, TimeSpan, description and source."""
    ET.register_namespace("", _KML)
    root = ET.Element(f"{{{_KML}}}kml")
    doc = ET.SubElement(root, f"{{{_KML}}}Document")
    ET.SubElement(doc, f"{{{_KML}}}name").text = name
    table = export_table(sightings)
    for (_, s), (_, t) in zip(sightings.iterrows(), table.iterrows(), strict=True):
        pm = ET.SubElement(doc, f"{{{_KML}}}Placemark", id=str(s["sighting_id"]))
        ET.SubElement(pm, f"{{{_KML}}}name").text = _title(s)
        ET.SubElement(pm, f"{{{_KML}}}description").text = _description(s)  # HTML
        span = ET.SubElement(pm, f"{{{_KML}}}TimeSpan")
        utc = "Z" if t["time_precision"] == "datetime" else ""  # observed times are UTC
        ET.SubElement(span, f"{{{_KML}}}begin").text = t["observed_start"] + utc
        ET.SubElement(span, f"{{{_KML}}}end").text = t["observed_end"] + utc
        data = ET.SubElement(pm, f"{{{_KML}}}ExtendedData")
        for field in ("sighting_id", "revision", "time_precision", "confidence", "source_id",
                      "source_publication", "source_published", "originator", "imagery_provider"):  # fmt: skip
            value = t[field]
            item = ET.SubElement(data, f"{{{_KML}}}Data", name=field)
            ET.SubElement(item, f"{{{_KML}}}value").text = "" if pd.isna(value) else str(value)
        point = ET.SubElement(pm, f"{{{_KML}}}Point")
        x, y = s.geometry.x, s.geometry.y
        ET.SubElement(point, f"{{{_KML}}}coordinates").text = f"{x:.6f},{y:.6f}"
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _title(s: pd.Series) -> str:
    asset = " ".join(
        str(v) for v in (s["asset_count"], s["asset_class"]) if not pd.isna(v) and v != ""
    )
    place = s["site_name"] or f"{s.geometry.y:.3f}, {s.geometry.x:.3f}"
    return f"{place}: {s['activity']}" + (f" ({asset})" if asset else "")


def _description(s: pd.Series) -> str:
    """The Placemark's HTML description: each line escaped, lines joined by ``<br>``."""
    when = format_when(s["observed_start"], s["observed_end"], s["time_precision"])
    lines = [
        f"When: {when}",
        f"Confidence: {s['confidence']}",
        f"Source: {s['source_publication']} ({s['source_published'] or 'undated'})",
    ]
    if s["originator"]:
        lines.append(f"Seen or said by: {s['originator']}")
    if s["notes"]:
        lines.append(f"Notes: {s['notes']}")
    return "<br>\n".join(html.escape(line) for line in lines)
