"""The installed wheel, not only a checkout, carries and finds its data."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
    )  # fmt: skip
    return next(out.glob("corridor-*.whl"))


def test_wheel_ships_geodata(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("cases/dprk-russia/sites.csv", "cases/dprk-russia/sightings.csv",
                 "cases/dprk-russia/corridor.toml", "assets.csv", "ne_50m_countries.geojson"):
        assert f"corridor/geodata/{data}" in names


def test_installed_wheel_loads_its_sites(wheel, tmp_path):
    target = tmp_path / "site-packages"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
    )  # fmt: skip
    code = (
        "import corridor._data as d, corridor.places.gazetteer as g;"
        "print(d.geodata_dir()); print(g.Gazetteer.default().lookup('Dunay').site_id)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(target)}, cwd=tmp_path,
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert out == [str(target / "corridor" / "geodata"), "dunai"]


def test_environment_yml_lists_every_dependency():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [
        d for extra in ("test", "notebooks") for d in project["optional-dependencies"][extra]
    ]
    env = (ROOT / "environment.yml").read_text()
    for dep in deps:
        name = dep.split(">")[0].split("<")[0].split("=")[0].split("[")[0]
        assert f"- {name}" in env, f"{name} is in pyproject.toml but not in environment.yml"
