import textwrap
from pathlib import Path

import pytest

SITES_HEADER = "site_id,name,kind,country,lat,lon,aliases,icao,iata,location_precision_m,source,source_ref,notes\n"


@pytest.fixture
def tiny_sites_csv(tmp_path: Path) -> Path:
    """Three sites with exact, hand-checkable values (coordinates from GeoNames / airportsdata)."""
    path = tmp_path / "sites.csv"
    path.write_text(
        SITES_HEADER
        + textwrap.dedent(
            """\
            nakhodka,Nakhodka,city,RU,42.8436,132.91831,Находка,,,5000,geonames,geonameid:2019528,
            sunan,Pyongyang Sunan International Airport,airfield,KP,39.224098,125.669998,Sunan|순안,ZKPY,FNJ,1000,airportsdata,ICAO:ZKPY,
            fokino,Fokino,city,RU,42.97096,132.41035,Фокино,,,3000,geonames,geonameid:2015310,
            """
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the headless Chromium; a missing browser skips, or fails under CI's
    ``CORRIDOR_REQUIRE_BROWSER=1``."""
    import os
    import shutil

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "headless Chromium is not installed (Debian package 'chromium')"
        if os.environ.get("CORRIDOR_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path
