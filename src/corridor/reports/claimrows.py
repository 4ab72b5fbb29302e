"""Candidate claims of a report: a figure with a unit, or a distance statement.

A mixin of :class:`corridor.reports.candidates.Assembler`: each figure with a unit (and each
distance statement) becomes a claim row with the claimant its sentence (or the sentences around
it) names -- else the report itself -- and the date it holds (else publication).
"""

from __future__ import annotations

from corridor.reports.date_mention import DateMention
from corridor.reports.numbers import NumberMention
from corridor.reports.text import Sentence, slug

_FILLER_WORDS = frozenset(
    "of those the these more additional another a an some other its their new".split()
)


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _as_of(d: DateMention) -> tuple[str, str]:
    first = d.first
    if d.precision == "month":
        first = first.replace(day=1)
    elif d.precision == "year":
        first = first.replace(month=1, day=1)
    return first.isoformat(), d.precision


class ClaimRows:
    """Claim rows; expects ``x``, ``doc``, ``folded``, ``claimants``, ``_in``, ``_base``."""

    def _claims(self) -> list[dict]:
        rows = []
        spans = [(c.start, c.end) for c in self.x.distance_checks]
        for n in self.x.numbers:
            if not n.unit or any(a <= n.start < b for a, b in spans):
                continue
            rows.append(self._number_claim(n))
        for c in self.x.distance_checks:
            rows.append(self._distance_claim(c))
        return rows

    def _claim_common(
        self, s: Sentence, pos: int, reasons: list[str], dated: bool = True
    ) -> tuple[dict, float]:
        score = 0.5
        claimant = self.claimants.claimant_at(pos)
        row = {}
        if claimant:
            row["claimant_id"] = claimant.source_id or self.x.source["source_id"]
            row["claimant_text"] = claimant.text
            reasons.append(f"claimant: {claimant.reason}")
            if not claimant.source_id:
                reasons.append(f"'{claimant.text}' is not in the sources: the report stands for it")
            score += 0.2 if s.start <= claimant.start < s.end else 0.1
        else:
            row["claimant_id"] = self.x.source["source_id"]
            reasons.append("nobody named: the report itself is the claimant")
        dates = [d for d in self._in(self.x.dates, s) if not d.attributive and not d.future]
        if dates and dated:
            d = min(dates, key=lambda d: abs(d.start - pos))
            row["as_of"], row["as_of_precision"] = _as_of(d)
            row["date_text"] = d.text
            reasons.append(f"as of '{d.text}' ({d.label})")
        else:
            row["as_of"], row["as_of_precision"] = self.x.source["published"], "day"
            reasons.append("as of publication" + (": no date in the sentence" if dated else ""))
        return row, score

    def _number_claim(self, n: NumberMention) -> dict:
        s = self.doc.sentence_at(n.start)
        reasons = [f"figure '{n.text}' ({n.qualifier})", n.unit_reason]
        common, score = self._claim_common(s, n.start, reasons)
        if n.unit_text:
            at = self.folded.find(self._folded_unit(n), n.end)
            words = self.folded[n.end : at].split() if 0 <= at - n.end <= 60 else []
            kept = [w for w in words if w not in _FILLER_WORDS]
            unit_words = n.unit_text if any(c.isalpha() for c in n.unit_text) else n.unit
            subject = slug(" ".join([*kept, unit_words]))
            score += 0.2
        else:
            subject = slug(n.unit)
            score -= 0.2
        if n.vague:
            score -= 0.2
            reasons.append("vague quantity: no figure")
        source_id = self.x.source["source_id"]
        row = self._base("claim", s, f"{n.start}:{n.end}")
        row.update(common)
        row.update(
            score=round(min(1.0, max(0.0, score)), 2),
            reasons="; ".join(r for r in reasons if r),
            number_text=n.text,
            claim_id=f"{subject}_{slug(source_id)}_{n.start}",
            subject=subject,
            low=_fmt(n.low),
            high=_fmt(n.high),
            unit=n.unit,
            qualifier=n.qualifier,
            notes=f"chars {s.start}-{s.end}; figure as written: {n.text}",
        )
        return row

    def _folded_unit(self, n: NumberMention) -> str:
        """The unit of a figure as written, folded: a slice of the folded text where it is."""
        if n.unit_start is None:
            return n.unit_text  # a unit the text does not spell out ("percent"): lower case
        return self.folded[n.unit_start : n.unit_start + len(n.unit_text)]

    def _distance_claim(self, c) -> dict:
        s = self.doc.sentence_at(c.start)
        reasons = [f"distance statement: {c.summary()}"]
        common, score = self._claim_common(s, c.start, reasons, dated=False)
        a = c.subject_site_id or slug(c.subject or "place")
        b = c.reference_site_id or slug(c.reference)
        subject = f"distance_{a}_{b}_km"
        source_id = self.x.source["source_id"]
        row = self._base("claim", s, f"distance:{c.start}:{c.end}")
        row.update(common)
        row.update(
            score=round(min(1.0, max(0.0, score + 0.1)), 2),
            reasons="; ".join(reasons),
            number_text=self.x.text[c.start : c.end],
            check=c.verdict,
            claim_id=f"{subject}_{slug(source_id)}_{c.start}",
            subject=subject,
            low=_fmt(c.claimed_km),
            high=_fmt(c.claimed_km),
            unit="km",
            qualifier="exact",
            notes=f"chars {s.start}-{s.end}; claim check: {c.verdict}"
            + (
                f", measured {c.measured_km:.0f} km {c.measured_direction}" if c.measured_km else ""
            ),
        )
        return row
