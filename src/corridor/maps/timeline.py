"""The timeline page: sightings on a map with a weekly histogram, a time slider and filters.

The page runtime (``runtime.js``, :func:`corridor.timeline`) draws the histogram of the sightings
by week (the week, from Monday, in which a sighting's observed interval starts), two sliders that
choose a range of weeks, and filters by site, asset class and confidence; the map shows exactly the
sightings that pass and the box says how many. It works offline, with no script beyond Leaflet
(and MarkerCluster above :data:`~corridor.maps.layers.CLUSTER_ABOVE` sightings).
"""

from __future__ import annotations

import branca.element
import folium
import geopandas as gpd
import pandas as pd
from folium.template import Template

from corridor.maps.crs import to_lonlat
from corridor.maps.elements import script_json
from corridor.maps.layers import (
    add_legend,
    add_sightings,
    add_sites,
    add_sources,
    add_title,
    fit_to_data,
    new_map,
    sighting_legend,
    sighting_sources,
    site_legend,
)

#: Filters of the timeline: name shown -> column of the sightings layer.
FILTERS = {"site": "place", "asset": "asset_class", "confidence": "confidence"}


class Timeline(branca.element.MacroElement):
    """The runtime's timeline control over a sightings :class:`~corridor.maps.elements.DataLayer`."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        corridor.timeline({{ this._parent.get_name() }}, {{ this.layer.get_name() }}, {{ this.spec_json }});
        {% endmacro %}
        """
    )

    def __init__(self, layer, weeks: list[str]):
        super().__init__()
        self._name = "Timeline"
        self.layer = layer
        self.spec_json = script_json({"weeks": weeks, "week": "week", "filters": FILTERS})


def weeks_of(sightings: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """Week index of each sighting (0 = the first week) and every week's Monday, first to last.

    Examples
    --------
    >>> s = pd.DataFrame({"observed_start": pd.to_datetime(["2025-05-07", "2025-05-19"])})
    >>> index, weeks = weeks_of(s)
    >>> index.tolist(), weeks
    ([0, 2], ['2025-05-05', '2025-05-12', '2025-05-19'])
    """
    start = pd.to_datetime(sightings["observed_start"])
    monday = start.dt.normalize() - pd.to_timedelta(start.dt.day_of_week, unit="D")
    if not len(monday):
        return pd.Series([], dtype=int), []
    first = monday.min()
    index = ((monday - first).dt.days // 7).astype(int)
    weeks = pd.date_range(first, monday.max(), freq="7D").strftime("%Y-%m-%d").tolist()
    return index, weeks


def timeline_page(
    sightings: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame | None = None,
    title: str = "Sightings over time",
) -> folium.Map:
    """Map of the sightings with the timeline control, and the sites they were seen at.

    Parameters
    ----------
    sightings : GeoDataFrame
        As from :func:`corridor.evidence.sightings.load_sightings` or a store, in any CRS.
    sites : GeoDataFrame, optional
        Sites to draw (labelled), in any CRS; by default none.
    """
    sightings = to_lonlat(sightings, "sightings")
    sites = None if sites is None else to_lonlat(sites, "sites")
    s = sightings[sightings.geometry.notna() & ~sightings.geometry.is_empty].reset_index(drop=True)
    index, weeks = weeks_of(s)
    s = s.assign(week=index.astype(str).to_numpy())
    m = new_map()
    as_of = s["source_published"].max() if len(s) else "no data"
    add_title(m, title, f"Data as of {as_of}: {len(s)} sightings over {len(weeks)} weeks")
    if sites is not None and len(sites):
        add_sites(m, sites)
    layer = add_sightings(m, s, carry=("week", "asset_class"))
    recent = int(s["observed_end"].dt.year.max()) if len(s) else 0
    legend = [site_legend(sites)] if sites is not None and len(sites) else []
    add_legend(m, [*legend, *sighting_legend(recent)])
    add_sources(m, sighting_sources(s))
    Timeline(layer, weeks or ["(none)"]).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return fit_to_data(m, s, sites)
