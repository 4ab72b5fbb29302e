"""Assembling candidates: sightings and claims from the facts found in a report.

Used by :func:`corridor.reports.extract.extract`; see there. A candidate sighting pairs a place of a
sentence with the nearest date (not in the future), asset and activity between the places before
and after it; a candidate claim is a figure with a unit (or a distance statement) with the
claimant and date its sentence gives. Each row carries its sentence span, a score in [0, 1] and
the reasons for it.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from datetime import date

import pandas as pd

from corridor.evidence.claims import CLAIM_COLUMNS
from corridor.evidence.sightings import SIGHTING_COLUMNS, SOURCE_COLUMNS, load_sources
from corridor.reports.claimants import ClaimantFinder
from corridor.reports.claimrows import ClaimRows, _fmt
from corridor.reports.date_mention import DateMention
from corridor.reports.document import Document
from corridor.reports.places import PlaceMention
from corridor.reports.text import Hit, Sentence, in_span, slug
from corridor.reports.vocab import Vocabulary

__all__ = [
    "CANDIDATE_KINDS",
    "CONTEXT_COLUMNS",
    "REPORT_SOURCE_COLUMNS",
    "REVIEW_COLUMNS",
    "Assembler",
    "slug",
]

#: Columns of the review table, in order: what the candidate is, the reviewer's decision, the
#: evidence, then the sighting fields and the claim fields (blank where they do not apply).
CONTEXT_COLUMNS = [
    "candidate_id", "kind", "accept", "score", "reasons", "span_start", "span_end", "evidence",
    "place_text", "date_text", "number_text", "claimant_text", "check",
]  # fmt: skip
REPORT_SOURCE_COLUMNS = [f"source_{c}" for c in SOURCE_COLUMNS if c != "source_id"]
REVIEW_COLUMNS = (
    CONTEXT_COLUMNS
    + SIGHTING_COLUMNS
    + [c for c in CLAIM_COLUMNS if c not in SIGHTING_COLUMNS]
    + REPORT_SOURCE_COLUMNS
)
#: The kinds of candidate rows, in the order they sort within a sentence.
CANDIDATE_KINDS = ("sighting", "claim", "place")


def __getattr__(name: str):
    if name == "KINDS":  # the old name, kept for a while
        warnings.warn(
            "corridor.reports KINDS is now CANDIDATE_KINDS", DeprecationWarning, stacklevel=2
        )
        return CANDIDATE_KINDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_HEDGE = re.compile(  # matched on the text as written: "May" the month is no hedge
    r"\b(?:[Ll]ikely|[Pp]ossible|possibly|probably|could|may|might|appears?|suggests?|reportedly|"
    r"believed|apparently|unconfirmed)\b"
)
_IMAGERY = re.compile(r"\b(?:satellite|imagery|images?|photos?|photographs?|video)\b")
_ANAPHORA = {
    "port": re.compile(r"\bthe (?:\w+ )?(?:port|harbou?r|dock|pier)\b"),
    "airfield": re.compile(r"\bthe (?:airport|airfield|air base|runway)\b"),
    "base": re.compile(r"\bthe (?:base|training ground|camp)\b"),
}
_ASSET_NAME = re.compile(r" [\"“‘']?(?P<name>[A-Z][\w-]+(?: [A-Z][\w-]+){0,2})[\"”’']?")
_CONTAINER = re.compile(r"^,? (?:in|of|on|on the|in the) $")
#: ", a port rebuilt in 1990": a description of the place; its dates are not the event's.
_APPOSITIVE = re.compile(r", (?:the|a|an) [^,.;]*")
_SINCE = re.compile(r"\b(?:since|until|till) $")
#: A state the source says holds now ("are stationed at", "have moved into"): dated by the
#: statement when the sentence gives no other date.
_STATE = re.compile(
    r"\b(?:are|is|have|has|had)(?: already| now| reportedly| been| also){0,3} (?:been )?"
    r"(?:stationed|deployed|moved into|moved to|relocated|based|positioned|entered|entering)\b"
)
_NEAR_CHARS = 60


def _usable(d: DateMention) -> bool:
    return not d.attributive and not d.future


class Assembler(ClaimRows):
    """Candidate rows (dicts of :data:`REVIEW_COLUMNS`) of one extraction.

    Parameters
    ----------
    x : Extraction
        What the finders found; its :class:`~corridor.reports.document.Document` is shared.
    vocabulary : Vocabulary
        Whose claimants and catalogue asset classes are known.
    sources : DataFrame, optional
        The sources table (``source_id``, ``kind``): which claimants are imagery providers.
        :func:`corridor.evidence.sightings.load_sources` when not given.
    """

    def __init__(self, x, vocabulary: Vocabulary, sources: pd.DataFrame | None = None):
        self.x = x
        self._sorted: dict = {}
        self.doc = x.document if x.document is not None else Document(x.text)
        self.sentences, self.folded = self.doc.sentences, self.doc.folded
        self.claimants = ClaimantFinder(self.doc, vocabulary)
        self.doc.annotate("claimants", self.claimants.hits)
        self.vocabulary = vocabulary
        sources = load_sources() if sources is None else sources
        ids = sources["source_id"] if "source_id" in sources.columns else sources.index
        self.source_kinds = dict(zip(ids, sources["kind"], strict=True))
        self.references = {(c.start, c.end) for c in x.distance_checks}

    def _in(self, items, s: Sentence):
        key = id(items)
        cached = self._sorted.get(key)
        if cached is None or cached[0] is not items:
            ordered = sorted(items, key=lambda i: i.start)
            cached = self._sorted[key] = (items, ordered, [i.start for i in ordered])
        return in_span(cached[1], cached[2], s.start, s.end)

    def _base(self, kind: str, s: Sentence, key: str) -> dict:
        src = self.x.source
        digest = hashlib.sha256(f"{src['source_id']}|{kind}|{key}".encode()).hexdigest()[:12]
        row = {c: "" for c in REVIEW_COLUMNS}
        row.update(
            candidate_id=f"{kind[0]}{digest}", kind=kind, span_start=s.start, span_end=s.end,
            evidence=" ".join(self.x.text[s.start : s.end].split()), source_id=src["source_id"],
        )  # fmt: skip
        for c in REPORT_SOURCE_COLUMNS:
            row[c] = src[c.removeprefix("source_")]
        return row

    def rows(self) -> list[dict]:
        rows: list[dict] = []
        for s in self.sentences:
            rows += self._sightings(s)
        rows += self._claims()
        rows += [self._place_row(p) for p in self.x.places]
        order = CANDIDATE_KINDS.index
        rows.sort(key=lambda r: (r["span_start"], order(r["kind"]), r["candidate_id"]))
        return rows

    # -- sightings ---------------------------------------------------------------------------

    def _eligible_places(self, s: Sentence) -> list[PlaceMention]:
        places = [p for p in self._in(self.x.places, s) if p.status != "ambiguous"]
        refs = [c for c in self.x.distance_checks if s.start <= c.start < s.end]
        out = []
        for i, p in enumerate(places):
            if any(c.start <= p.start and p.end <= c.end + 40 for c in refs):
                continue  # the reference point of "95 km southwest of X"
            prev = places[i - 1] if i else None
            if prev and _CONTAINER.match(self.folded[prev.end : p.start]):
                continue
            if prev and p.kind == "region" and self.folded[prev.end : p.start] == ", ":
                continue  # "Kessa, Marovia Province": the province locates the port
            out.append(p)
        return out

    def _borrowed_place(self, s: Sentence) -> PlaceMention | None:
        here = self.folded[s.start : s.end]
        for kind, pattern in _ANAPHORA.items():
            if pattern.search(here):
                for prev in reversed(self.sentences[max(0, s.index - 2) : s.index]):
                    fits = [p for p in self._eligible_places(prev) if p.kind == kind]
                    if fits:
                        return fits[-1]
        return None

    def _event_dates(self, s: Sentence) -> tuple[list[DateMention], str]:
        """Dates of the events of a sentence, and why when they are not written in it."""
        dates = [d for d in self._in(self.x.dates, s) if not d.attributive and not d.future]
        events = [
            d
            for d in dates
            if not d.report and not _SINCE.search(self.folded[max(0, d.start - 8) : d.start])
        ]
        if events:
            return events, ""
        here = self.folded[s.start : s.end]
        if _STATE.search(here):
            if dates:
                return dates, "a state the source reports: dated by the statement"
            return [self._publication(s)], "a state the source reports: dated by publication"
        prev = self.sentences[s.index - 1] if s.index else None
        if prev is not None and not self._eligible_places(prev):
            before = [d for d in self._in(self.x.dates, prev) if _usable(d) and not d.report]
            if before and self._in(self.x.activities, prev):
                return before, "date of the sentence before, which names the same event"
        return [], ""

    def _event_near(self, d: DateMention) -> bool:
        """An asset or activity within a few words of a date: the date of its own event."""
        return any(
            abs(h.start - d.start) <= 2 * _NEAR_CHARS for h in self.x.assets + self.x.activities
        )

    def _publication(self, s: Sentence) -> DateMention:
        p = date.fromisoformat(self.x.source["published"])
        return DateMention(s.start, s.start, "", p, p, "day", "day", reason="publication")

    def _sightings(self, s: Sentence) -> list[dict]:
        assets, activities = self._in(self.x.assets, s), self._in(self.x.activities, s)
        if not (assets or activities):
            return []
        dates, borrowed_date = self._event_dates(s)
        if not dates:
            return []
        places, borrowed = self._eligible_places(s), False
        if not places:
            place = self._borrowed_place(s)
            if place is None:
                return []
            places, borrowed = [place], True
        pairs = []
        for p in places:
            anchor = dates[0].start if borrowed else p.start
            w = self._window(s, places, p)
            aside = _APPOSITIVE.match(self.folded, p.end)
            outside = [d for d in dates if not (aside and p.end <= d.start < aside.end())]
            near = self._in(outside, w) or outside or dates
            pairs.append((p, min(near, key=lambda d: abs(d.start - anchor)), anchor, w))
        if not borrowed and len(dates) > len(places):
            for d in dates:  # "seen on Monday at X, after another ship on Thursday"
                if d.precision != "day" or not self._event_near(d):
                    continue
                if all(d is not q for _, q, _, _ in pairs):
                    p = min(places, key=lambda p: abs(p.start - d.start))
                    pairs.append((p, d, d.start, self._window(s, places, p)))
        rows, seen = [], set()
        for p, d, anchor, w in pairs:
            key = (p.site_id or p.text, d.first, d.last)
            if key in seen:
                continue  # "Kessa-Vell bridge": two names of one site
            seen.add(key)
            rows.append(
                self._sighting(
                    s,
                    p,
                    borrowed,
                    anchor,
                    [d],
                    self._in(assets, w),
                    self._in(activities, w) or activities,
                    borrowed_date,
                )  # fmt: skip
            )
        return rows

    def _asset_name(self, asset: Hit) -> str:
        """A capitalized name written right after an asset class ("landing ship Oslyabya")."""
        m = _ASSET_NAME.match(self.x.text, asset.end)
        if m is None:
            return ""
        name = m.group("name")
        taken = any(p.start < m.end() and m.start() < p.end for p in self.x.places)
        dated = any(d.start < m.end() and m.start() < d.end for d in self.x.dates)
        return "" if taken or dated else name

    def _imagery_provider(self, s: Sentence):
        for h in self.claimants.in_sentence(s):
            if self.source_kinds.get(str(h.value)) == "imagery_provider":
                return self.claimants.claimant_of(h, "imagery provider named in the sentence")
        return None

    def _window(self, s: Sentence, places: list[PlaceMention], p: PlaceMention):
        """The part of the sentence between the places before and after ``p``."""
        i = places.index(p)
        start = places[i - 1].end if i else s.start
        end = places[i + 1].start if i + 1 < len(places) else s.end
        return Sentence(s.index, start, end)

    def _sighting(self, s, p, borrowed, anchor, dates, assets, activities, why_date="") -> dict:
        near = lambda items: min(items, key=lambda i: abs(i.start - anchor))  # noqa: E731
        d = near(dates)
        specific = [a for a in assets if a.value in self.vocabulary.catalogue_classes]
        asset = near(specific or assets) if assets else None
        activity = near(activities) if activities else None
        sentence = self.folded[s.start : s.end]
        written = self.x.text[s.start : s.end]
        reasons = [f"place '{p.text}' -> {p.site_id or p.source or 'unresolved'} ({p.matched_by})"]
        score = 0.4
        if borrowed:
            score -= 0.2
            reasons.append("place named in an earlier sentence")
        reasons.append(f"date '{d.text}' -> {d.first}..{d.last} ({d.label}; {d.reason})")
        if why_date:
            score -= 0.1
            reasons.append(why_date)
        if not p.resolved:
            score -= 0.15
            reasons.append(f"place '{p.text}' not resolved: locate it before accepting")
        if abs(d.start - anchor) <= _NEAR_CHARS:
            score += 0.2
        if d.precision == "day":
            score += 0.05
        if asset:
            score += 0.15
            reasons.append(f"asset '{asset.text}'")
        if activity:
            score += 0.1
            reasons.append(f"activity '{activity.text}'")
        if _IMAGERY.search(sentence):
            score += 0.1
            reasons.append("imagery named")
        hedged = _HEDGE.search(written)
        if hedged:
            score -= 0.15
            reasons.append(f"hedged ('{hedged.group()}')")
        if p.kind in ("region", "area"):
            score -= 0.1
            reasons.append(f"{p.kind}-level place")
        claimant = self.claimants.claimant_at(p.start if not borrowed else d.start)
        row = self._base("sighting", s, f"{s.start}:{p.start}:{p.site_id or p.text}")
        row.update(
            score=round(min(1.0, max(0.0, score)), 2),
            reasons="; ".join(reasons),
            place_text=p.text,
            date_text=d.text,
            observed_start=d.first.isoformat(),
            observed_end=d.last.isoformat(),
            time_precision=d.precision,
            site_id=p.site_id or "",
            asset_class=str(asset.value) if asset else "",
            asset_name=self._asset_name(asset) if asset else "",
            activity=str(activity.value) if activity else "present",
            source_detail=f"chars {s.start}-{s.end}",
            confidence="possible" if hedged else "probable",
            notes=f"{d.label} as written: {d.text}" + ("; " + d.reason if d.reason else ""),
        )
        if not p.site_id and p.resolved:  # a GeoNames place outside the gazetteer
            row.update(
                lat=f"{p.lat:.5f}",
                lon=f"{p.lon:.5f}",
                location_precision_m=str(p.location_precision_m),
            )
        provider = self._imagery_provider(s) if _IMAGERY.search(sentence) else None
        if provider:
            row["imagery_provider"] = row["originator_id"] = provider.source_id
            row["claimant_text"] = provider.text
            reasons.append(f"imagery by '{provider.text}'")
        elif claimant:
            row["claimant_text"] = claimant.text
            row["originator_id"] = claimant.source_id
        people = [n for n in self._in(self.x.numbers, s) if n.unit == "troops" and not n.vague]
        if people:
            n = near(people)
            row.update(personnel_low=_fmt(n.low), personnel_high=_fmt(n.high), number_text=n.text)
        return row

    def _place_row(self, p: PlaceMention) -> dict:
        """A place mention as a review row: its span and what the geocoder made of it."""
        s = self.doc.sentence_at(p.start)
        row = self._base("place", s, f"place:{p.start}:{p.end}")
        status = {"resolved": 0.6, "ambiguous": 0.3}.get(p.status, 0.1)
        what = p.site_id or p.source or ", ".join(p.candidates) or "nothing"
        row.update(
            score=status,
            reasons=f"{p.status}: '{p.text}' -> {what}" + (f" ({p.reason})" if p.reason else ""),
            place_text=p.text,
            site_id=p.site_id or "",
            source_detail=f"chars {p.start}-{p.end}",
            notes=p.status,
        )
        if p.resolved and p.lat is not None:
            row.update(lat=f"{p.lat:.5f}", lon=f"{p.lon:.5f}",
                       location_precision_m=str(p.location_precision_m or ""))  # fmt: skip
        return row
