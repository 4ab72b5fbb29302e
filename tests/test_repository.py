"""What the repository itself may hold: the project's own code and data, no third-party code."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Banners that third-party libraries carry in their distributed files.
THIRD_PARTY_BANNERS = ["Leaflet 1.", "jQuery v", "jQuery JavaScript Library", "by @fontawesome", "Leaflet.markercluster", "Bootstrap v", "axe v4"]  # fmt: skip


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / line for line in out.stdout.splitlines()]


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/*.ipynb")), ids=lambda p: p.name)
def test_stored_notebook_outputs_embed_no_third_party_code(path):
    text = path.read_text(encoding="utf-8")
    found = [b for b in THIRD_PARTY_BANNERS if b in text]
    assert not found, f"{path.name} stores third-party code in its outputs: {found}"


def test_no_third_party_javascript_or_css_is_tracked():
    own = {ROOT / "src/corridor/maps/runtime.js", ROOT / "src/corridor/maps/a11y.js"}
    web = [p for p in tracked_files() if p.suffix in (".js", ".css") and p not in own]
    assert web == [], f"third-party web assets must come from installed packages: {web}"
    for path in own:
        text = path.read_text(encoding="utf-8")
        assert not any(b in text for b in THIRD_PARTY_BANNERS)


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/*.ipynb")), ids=lambda p: p.name)
def test_stored_notebooks_hold_no_run_timings(path):
    """Re-executing a notebook gives the same bytes: no cell keeps when it was run."""
    import json

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    timed = [i for i, cell in enumerate(cells) if "execution" in cell.get("metadata", {})]
    assert timed == [], f"{path.name}: cells {timed} store execution timings"
