"""The README that ``corridor init`` writes into a new case folder: what each table's columns mean."""

from __future__ import annotations

#: One line per column: what it holds and what is valid.
COLUMNS = {
    "site_id": "short stable id (letters, digits, _), used by the other tables",
    "name": "the name analysts use",
    "kind": "port, airfield, base, city, region, border_crossing, rail_station, area "
    "(or a kind listed in site_kinds of corridor.toml)",
    "country": "ISO 3166-1 alpha-2 code",
    "lat": "latitude, decimal degrees WGS84 (from GeoNames, airportsdata or a cited geolocation)",
    "lon": "longitude, decimal degrees WGS84",
    "aliases": "other spellings in any script, separated by |",
    "icao": "ICAO code of an airfield",
    "iata": "IATA code of an airfield",
    "location_precision_m": "how well the point locates the thing named, in metres",
    "source": "geonames, airportsdata or cited",
    "source_ref": "geonameid:N, ICAO:XXXX, or the citation of a public geolocation",
    "notes": "free text",
    "source_id": "short stable id of a publication or an originator",
    "organisation": "outlet, agency or person",
    "publication": "title of the article, report or statement",
    "published": "date of publication, YYYY-MM-DD",
    "url": "http(s) link",
    "observed_start": "first moment observed (YYYY, YYYY-MM, YYYY-MM-DD or ISO date-time)",
    "observed_end": "last moment observed (same forms)",
    "time_precision": "datetime, day, month or year",
    "asset_class": "asset id of the catalogue or a word such as troops, containers",
    "asset_name": "the asset's own name (a ship's name, a registration)",
    "asset_count": "how many were seen (a whole number)",
    "activity": "arrived, departed, present, moving, loading, unloading, deployed, training, "
    "equipping, visit, massing, strike (or one listed in activities of corridor.toml)",
    "personnel_low": "fewest people the sighting implies",
    "personnel_high": "most people the sighting implies",
    "originator_id": "source_id of who saw or said it",
    "imagery_provider": "satellite imagery provider, when there is one",
    "source_detail": "where in the source (page, character span)",
    "confidence": "high, medium or low",
    "tags": "words separated by |",
    "claim_id": "short stable id of the claim",
    "subject": "what the figure counts, e.g. troops_deployed (claims of one subject compare)",
    "low": "lowest figure claimed (blank when only an upper bound is given)",
    "high": "highest figure claimed (blank when only a lower bound is given)",
    "unit": "troops, shells, missiles, tonnes, ...",
    "as_of": "date the figure refers to, YYYY-MM-DD",
    "claimant_id": "source_id of who claims it",
    "qualifier": "up to, about, at least, ...",
    "asset_id": "short stable id of a transport type",
    "mode": "sea, air, rail or road",
    "cruise_speed_kmh": "cruise speed, km/h",
    "troops_low": "fewest troops carried per trip",
    "troops_high": "most troops carried per trip",
    "payload_t": "cargo per trip, tonnes",
    "range_km": "range without refuelling, km",
    "term": "a word or phrase as reports write it",
    "category": "asset_class, activity, unit or claimant",
    "value": "what the term means: an asset id, an activity, a unit or a source_id",
    "route": "name of the route; its rows, in order, are its legs",
    "from": "where the leg starts (site id or name)",
    "to": "where the leg ends (site id or name)",
}


def readme(title: str, tables: dict[str, list[str]]) -> str:
    """Markdown README of a case skeleton."""
    lines = [
        f"# {title}",
        "",
        "A corridor case folder. Fill the tables you need and leave the others with their header;",
        "they extend the packaged base (reference gazetteer and fallbacks, asset catalogue,",
        "vocabulary). A row whose id is in the base overrides it (with a warning). Every",
        "coordinate, sighting, claim and asset figure needs a source.",
        "",
        "- `corridor.toml`: title, description, time window, store path, map extent, extra site",
        "  kinds and activities, and the claims transport capacity is compared with.",
        "- `scenarios/*.toml`: timed movements (see `corridor.transport.plans`).",
        "- `reports/`: report texts for `corridor report extract`.",
        "- `rail_stations.csv` with `rail_links.csv` (optional, not written here): the case's own",
        "  rail network, with the columns of the packaged `geodata/rail_stations.csv` and",
        "  `rail_links.csv`; without them rail legs take the packaged stations when both ends",
        "  are near them, else the world's main railways (coarse).",
        "",
    ]
    for name, columns in tables.items():
        lines += [f"## `{name}`", ""]
        for column in columns:
            lines.append(f"- `{column}`: {COLUMNS.get(column, '').strip() or 'see the docs'}")
        lines.append("")
    return "\n".join(lines)
