"""From a report's text to candidate sightings and claims for an analyst to review.

:func:`extract` finds places (:mod:`corridor.reports.places`), dates
(:mod:`corridor.reports.dates`), assets and activities (``geodata/vocabulary.csv``), figures with
units (:mod:`corridor.reports.numbers`), who says so (:mod:`corridor.reports.claimants`) and
distance-and-bearing statements (checked by :mod:`corridor.places.claimcheck`), then assembles:

- a **candidate sighting** for each place of a sentence that also dates an event and names an
  asset or an activity (a sentence saying "the port" or "the airport" borrows the place of that
  kind from the two sentences before);
- a **place row** for each place mention, resolved or not, so a reviewer sees every place;
- a **candidate claim** for each figure with a unit, and for each distance statement, with the
  claimant the sentence names (else the report itself) and the date it holds (else publication).

The text is parsed once into a :class:`corridor.reports.document.Document` that every stage
reads (folded once, split into sentences once) and annotates. A text not in English is detected
(:mod:`corridor.reports.language`) and said so in ``Extraction.language``. Each candidate carries
the span of its sentence, a score in [0, 1] and the reasons for it. Nothing is stored:
:mod:`corridor.reports.review` writes them to a review file and imports the accepted ones.

What extraction reads is passed to it: the ``vocabulary`` (assets, activities, units,
claimants), the ``geocoder`` (whose gazetteer's names are looked for and which resolves them)
and the ``sources`` table (which claimants are imagery providers), or a ``case`` that holds all
three (a :class:`corridor.case.Case`); whatever is not passed is the default of its family
(:meth:`Vocabulary.default`, :func:`corridor.places.geocode.default_geocoder`,
:func:`corridor.evidence.sightings.load_sources`).

Examples
--------
>>> from datetime import date
>>> from corridor.testing.places import black_sea_case
>>> case = black_sea_case()
>>> x = extract("Two Il-76s landed at Odesa airport on June 4.", publisher="Example Post",
...             published=date(2023, 7, 2), name="example", case=case)
>>> s = x.candidates.iloc[0]
>>> (s["kind"], s["site_id"], s["observed_start"], s["time_precision"], s["asset_class"])
('sighting', 'odesa_airport', '2023-06-04', 'day', 'il76')
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from corridor.evidence.sightings import load_sources
from corridor.places.claimcheck import find_claims
from corridor.places.geocode import default_geocoder
from corridor.places.geocoder import Geocoder
from corridor.reports.candidates import (
    CANDIDATE_KINDS,
    CONTEXT_COLUMNS,
    REPORT_SOURCE_COLUMNS,
    REVIEW_COLUMNS,
    Assembler,
)
from corridor.reports.dates import DateMention, find_dates
from corridor.reports.document import Document
from corridor.reports.language import Language
from corridor.reports.numbers import NumberMention, find_numbers
from corridor.reports.places import PlaceMention, find_places
from corridor.reports.text import Hit, slug
from corridor.reports.vocab import Vocabulary

__all__ = [
    "CANDIDATE_KINDS", "CONTEXT_COLUMNS", "REPORT_SOURCE_COLUMNS", "REVIEW_COLUMNS", "Extraction",
    "extract", "report_source", "slug",
]  # fmt: skip


def __getattr__(name: str):
    if name == "KINDS":  # the old name, kept for a while
        warnings.warn(
            "corridor.reports KINDS is now CANDIDATE_KINDS", DeprecationWarning, stacklevel=2
        )
        return CANDIDATE_KINDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class Extraction:
    """What :func:`extract` found in one report, and the candidates assembled from it."""

    text: str
    source: dict
    places: list[PlaceMention]
    dates: list[DateMention]
    numbers: list[NumberMention]
    assets: list[Hit]
    activities: list[Hit]
    distance_checks: list = field(default_factory=list)
    candidates: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REVIEW_COLUMNS))
    document: Document | None = None
    language: Language = field(default_factory=lambda: Language("en", "English", 1.0))

    @property
    def sightings(self) -> pd.DataFrame:
        return self.candidates[self.candidates["kind"] == "sighting"]

    @property
    def claims(self) -> pd.DataFrame:
        return self.candidates[self.candidates["kind"] == "claim"]

    @property
    def place_rows(self) -> pd.DataFrame:
        """One review row per place mention (kind ``place``)."""
        return self.candidates[self.candidates["kind"] == "place"]


def report_source(
    *, publisher: str, published: date, url: str = "", name: str = "report", source_id=None
) -> dict:
    """The sources-table row of a report: kind ``report``, organisation = publisher."""
    if not isinstance(publisher, str) or not publisher.strip():
        raise ValueError("a report needs its publisher (a non-empty string), e.g. 'CNN'")
    if not isinstance(published, date):
        raise TypeError(f"published must be a datetime.date, got {published!r}")
    return {
        "source_id": source_id or f"report_{slug(name)}",
        "kind": "report",
        "organisation": publisher.strip(),
        "publication": f"Report {name}",
        "published": published.isoformat(),
        "url": url or "",
        "notes": "candidates extracted from the text by corridor report extract",
    }


def extract(
    text: str,
    *,
    publisher: str,
    published: date,
    url: str = "",
    name: str = "report",
    source_id: str | None = None,
    vocabulary: Vocabulary | None = None,
    geocoder: Geocoder | None = None,
    sources: pd.DataFrame | None = None,
    case=None,
) -> Extraction:
    """Find the facts of a report and assemble candidate sightings and claims.

    Parameters
    ----------
    text : str
        The report's text.
    publisher : str
        Who published it; becomes the ``organisation`` of the report's source row.
    published : datetime.date
        Publication date: the anchor of relative dates, and the ``as_of`` of undated claims.
    url : str, optional
        Where it was published.
    name : str
        A short name of the report (e.g. its file stem); the default ``source_id`` is
        ``report_<name>``.
    source_id : str, optional
        Id of the report in the sources table.
    vocabulary : Vocabulary, optional
        Terms of assets, activities, units and claimants.
    geocoder : Geocoder, optional
        Resolves place names; its gazetteer's names are looked for.
    sources : DataFrame, optional
        The sources table (``source_id``, ``kind``).
    case : optional
        An object holding ``vocabulary``, ``geocoder`` and ``sources`` (a
        :class:`corridor.case.Case`), for those not passed one by one.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    vocabulary, geocoder, sources = _context(case, vocabulary, geocoder, sources)
    source = report_source(
        publisher=publisher, published=published, url=url, name=name, source_id=source_id
    )
    doc = Document(text)
    dates = doc.annotate("dates", find_dates(doc, published))
    masked = [(d.start, d.end) for d in dates]
    x = Extraction(
        text=text,
        source=source,
        places=doc.annotate("places", find_places(doc, geocoder=geocoder)),
        dates=dates,
        numbers=doc.annotate("numbers", find_numbers(doc, masked, vocabulary)),
        assets=doc.annotate("assets", vocabulary.matchers["asset_class"].find(text, doc.folded)),
        activities=doc.annotate(
            "activities", vocabulary.matchers["activity"].find(text, doc.folded)
        ),
        distance_checks=doc.annotate("distance_checks", find_claims(text, gazetteer=geocoder)),
        document=doc,
        language=doc.language,
    )
    rows = Assembler(x, vocabulary, sources).rows()
    x.candidates = pd.DataFrame(rows, columns=REVIEW_COLUMNS).fillna("")
    return x


def _context(case, vocabulary, geocoder, sources):
    """The vocabulary, geocoder and sources to read with: as passed, else the case's, else the
    defaults of their families."""
    if case is not None:
        missing = [a for a in ("vocabulary", "geocoder", "sources") if not hasattr(case, a)]
        if missing:
            raise TypeError(
                f"case= needs {', '.join(missing)} (a corridor.case.Case), "
                f"got {type(case).__name__}"
            )
        vocabulary = case.vocabulary if vocabulary is None else vocabulary
        geocoder = case.geocoder if geocoder is None else geocoder
        sources = case.sources if sources is None else sources
    if vocabulary is not None and not isinstance(vocabulary, Vocabulary):
        raise TypeError(f"vocabulary must be a Vocabulary, got {type(vocabulary).__name__}")
    if geocoder is not None and not isinstance(geocoder, Geocoder):
        raise TypeError(f"geocoder must be a Geocoder, got {type(geocoder).__name__}")
    if sources is not None and not isinstance(sources, pd.DataFrame):
        raise TypeError(f"sources must be a DataFrame, got {type(sources).__name__}")
    return (
        Vocabulary.default() if vocabulary is None else vocabulary,
        default_geocoder() if geocoder is None else geocoder,
        load_sources() if sources is None else sources,
    )
