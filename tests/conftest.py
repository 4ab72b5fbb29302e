import os
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The shared folder beside the repository: the example case's source reports and a labelled corpus.
SHARED = ROOT.parent / "shared"

@pytest.fixture(autouse=True, scope="session")
def _hermetic_environment(tmp_path_factory):
    """No test reads or writes the user's stores or picks up a case from the environment."""
    saved = {k: os.environ.pop(k, None) for k in ("CORRIDOR_STORE", "CORRIDOR_CASE")}
    home = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg"))
    yield
    for key, value in [*saved.items(), ("XDG_DATA_HOME", home)]:
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


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


def required() -> bool:
    """System tools and shared data are optional locally and required in CI."""
    return os.environ.get("CI") == "true" or os.environ.get("CORRIDOR_REQUIRE_BROWSER") == "1"


def system_tool(name: str, package: str) -> str:
    """Path of a system command; skipped with one line saying how to enable it, failed in CI."""
    import shutil

    path = shutil.which(name)
    if path is None:
        message = (
            f"{name} is not on PATH: install the Debian package '{package}' to run this test "
            "(required in CI)"
        )
        if required():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the headless Chromium (``.ci/run`` installs it)."""
    import shutil

    if shutil.which("chromium-browser") and not shutil.which("chromium"):
        return shutil.which("chromium-browser")
    return system_tool("chromium", "chromium")


@pytest.fixture(scope="session")
def ogrinfo() -> str:
    """Path of GDAL's ``ogrinfo`` (Debian ``gdal-bin``): an extra check beside pyogrio's bundled GDAL."""
    return system_tool("ogrinfo", "gdal-bin")


def shared_folder(name: str) -> Path:
    """``../shared/<name>`` beside the repository: skipped locally when absent, required in CI."""
    path = SHARED / name
    if not path.is_dir():
        message = f"../shared/{name} is not beside the repository (tests of the shared reports need it)"
        if required():
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared_reports() -> Path:
    """The example case's source reports, ``../shared/reports``."""
    return shared_folder("reports")
