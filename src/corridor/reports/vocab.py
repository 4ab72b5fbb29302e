"""The vocabulary report extraction reads: assets, activities, units and claimants.

``geodata/vocabulary.csv`` maps terms as written to values: an ``asset_class``, a sighting
``activity``, a claim ``unit``, or a ``claimant`` (a ``source_id`` of ``geodata/sources.csv``). Its
``source`` column says where a term comes from (``assets.csv`` for the asset catalogue,
``sources.csv`` for claimants, ``project`` for plain English words). Terms from the asset
catalogue ``geodata/assets.csv`` map to its ``asset_id``, and the catalogue's own names are added as
terms too, so a sighting's ``asset_class`` joins the catalogue. A case's vocabulary (the packaged
one extended by its ``vocabulary.csv``) is its ``vocabulary`` (:class:`corridor.case.Case`).

Examples
--------
>>> vocab = Vocabulary(load_vocabulary())
>>> [(h.text, h.value) for h in vocab.matchers["asset_class"].find("two Il-76s and an An-124")]
[('Il-76s', 'il76'), ('An-124', 'an124')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from corridor._data import geodata_dir, geodata_path
from corridor._default_case import deprecated_default
from corridor.evidence.sightings import ACTIVITIES
from corridor.reports.text import TermMatcher
from corridor.validation import Problem, ValidationError

VOCABULARY_COLUMNS = ["term", "category", "value", "source", "notes"]
CATEGORIES = ("asset_class", "activity", "unit", "claimant")
VOCABULARY_SOURCES = ("assets.csv", "sources.csv", "project")


def load_vocabulary(
    path: str | Path | None = None,
    *,
    assets: pd.DataFrame | None = None,
    activities: tuple[str, ...] = ACTIVITIES,
) -> pd.DataFrame:
    """Read and check a vocabulary CSV (default: the packaged one); raises ``ValidationError``
    listing every bad row. ``assets`` is the catalogue its asset terms point to (default: the
    packaged one), ``activities`` the valid activities."""
    path = Path(path) if path is not None else geodata_path("vocabulary.csv")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    file = str(path)
    missing = [c for c in VOCABULARY_COLUMNS if c not in df.columns]
    if missing:
        raise ValidationError(
            [
                Problem(file, None, c, f"missing column; expected {VOCABULARY_COLUMNS}")
                for c in missing
            ]
        )
    problems = []
    for i, row in df.iterrows():
        n = i + 1
        for name in ("term", "category", "value", "source"):
            if not row[name].strip():
                problems.append(Problem(file, n, name, "empty; every term needs it"))
        if row["category"] and row["category"] not in CATEGORIES:
            problems.append(
                Problem(file, n, "category", f"{row['category']!r} is not one of {CATEGORIES}")
            )
        if row["source"] and row["source"] not in VOCABULARY_SOURCES:
            problems.append(
                Problem(file, n, "source", f"{row['source']!r} is not one of {VOCABULARY_SOURCES}")
            )
        if row["category"] == "activity" and row["value"] not in activities:
            problems.append(
                Problem(file, n, "value", f"{row['value']!r} is not one of {activities}")
            )
    catalogue = _catalogue() if assets is None else assets
    if catalogue is not None:
        ids = set(catalogue["asset_id"])
        for i, row in df[df["source"] == "assets.csv"].iterrows():
            if row["value"] not in ids:
                problems.append(
                    Problem(
                        file,
                        i + 1,
                        "value",
                        f"{row['value']!r} is not an asset_id of assets.csv; ids are {sorted(ids)}",
                    )  # fmt: skip
                )
    dupes = df[df.duplicated(["term", "category"])]
    for i in dupes.index:
        problems.append(Problem(file, i + 1, "term", f"{df.at[i, 'term']!r} is listed twice"))
    if problems:
        raise ValidationError(problems)
    return df


def _catalogue() -> pd.DataFrame | None:
    """The asset catalogue ``geodata/assets.csv`` when present (``asset_id``, ``name``)."""
    path = geodata_dir() / "assets.csv"
    if not path.exists():
        return None
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return df if {"asset_id", "name"} <= set(df.columns) else None


def _catalogue_terms(df: pd.DataFrame | None) -> dict[str, str]:
    """Catalogue names as terms: "Antonov An-124 Ruslan" -> ``an124``."""
    if df is None:
        return {}
    terms = {}
    for asset_id, name in zip(df["asset_id"], df["name"], strict=True):
        terms[name] = asset_id
        terms[name.split(" (")[0]] = asset_id  # without the parenthesis
    return terms


@dataclass
class Vocabulary:
    """Terms of each category, with one :class:`~corridor.reports.text.TermMatcher` each."""

    table: pd.DataFrame
    assets: pd.DataFrame | None = field(default=None, compare=False, repr=False)  # the catalogue
    matchers: dict[str, TermMatcher] = field(init=False)
    catalogue_classes: set[str] = field(init=False)

    def __post_init__(self) -> None:
        if self.assets is None:
            self.assets = _catalogue()
        catalogue_terms = _catalogue_terms(self.assets)
        rows = self.table[(self.table["category"] == "asset_class")]
        #: Asset classes of the catalogue, preferred over generic words when a sentence has both.
        self.catalogue_classes = set(rows.loc[rows["source"] == "assets.csv", "value"]) | set(
            catalogue_terms.values()
        )
        self.matchers = {}
        for category in CATEGORIES:
            rows = self.table[self.table["category"] == category]
            terms = dict(zip(rows["term"], rows["value"], strict=True))
            if category == "asset_class":
                terms = {**catalogue_terms, **terms}
            plural = category == "asset_class"
            self.matchers[category] = TermMatcher(terms, plural=plural)

    @classmethod
    def default(cls) -> Vocabulary:
        """Deprecated: the default case's vocabulary. Pass a case's ``vocabulary`` instead
        (``corridor.open_case(CASE).vocabulary``), or ``Vocabulary(load_vocabulary())`` for the
        packaged one."""
        return deprecated_default("Vocabulary.default()", "", use="a case's vocabulary").vocabulary
