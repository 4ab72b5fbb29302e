"""Claims drawn with matplotlib: the ranges of :func:`corridor.evidence.claims.claim_ranges`.

Computes nothing: the rows, their figures and units come from :mod:`corridor.evidence.claims`.
"""

from __future__ import annotations

import pandas as pd

from corridor.evidence.claims import claim_ranges


def plot_claim_ranges(claims: pd.DataFrame, subjects: list[str], ax=None):
    """Horizontal ranges, one line per claim, labelled by claimant, one panel block per subject.

    ``up to`` claims are drawn from 0 with an open end marker, ``at least`` claims as a point with
    an arrow to the right; single figures as points. Returns the matplotlib ``Axes``.
    """
    import matplotlib.pyplot as plt

    table = claim_ranges(claims, subjects)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.42 * len(table) + 1))
    labels = []
    for y, (_, r) in enumerate(table.iterrows()):
        labels.append(f"{r['subject']} · {r['claimant']}")
        lo, hi = r["low"], r["high"]
        color = f"C{subjects.index(r['subject']) % 10}"
        if pd.isna(lo) and not pd.isna(hi):
            ax.plot([0, hi], [y, y], color=color, lw=3, alpha=0.35)
            ax.plot([hi], [y], marker="|", color=color, ms=14)
        elif not pd.isna(lo) and pd.isna(hi):
            ax.annotate("", xy=(lo * 1.25, y), xytext=(lo, y),
                        arrowprops={"arrowstyle": "->", "color": color})  # fmt: skip
            ax.plot([lo], [y], marker="o", color=color)
        elif lo == hi:
            ax.plot([lo], [y], marker="o", color=color)
        else:
            ax.plot([lo, hi], [y, y], color=color, lw=6, solid_capstyle="butt")
        ax.text(max(v for v in (lo, hi) if not pd.isna(v)), y + 0.3, f" {r['figure']}", fontsize=8)
    ax.set_yticks(range(len(table)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel(" / ".join(dict.fromkeys(table["unit"])))
    ax.grid(axis="x", alpha=0.3)
    return ax
