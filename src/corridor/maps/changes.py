"""The changes page: sightings and claims added, revised (field by field) and withdrawn.

Takes the table of :func:`corridor.evidence.changes.compare` and writes it as HTML: a summary, then
one table per kind of change. Every row is a ``<tr class="corridor-change">`` with ``data-change``,
``data-kind`` and ``data-id``, so a browser check can count them.
"""

from __future__ import annotations

import pandas as pd

from corridor.evidence.changes import CHANGES
from corridor.maps.html import bars_preview, document, esc

_HEADERS = {
    "revised": ["Kind", "Id", "Item", "Field", "Before", "After"],
    "added": ["Kind", "Id", "Item"],
    "withdrawn": ["Kind", "Id", "Item"],
}


def _row(r) -> str:
    cells = [esc(r.kind), f"<code>{esc(r.id)}</code>", esc(r.label)]
    if r.change == "revised":
        cells += [esc(r.field), f"<del>{esc(r.before)}</del>", f"<ins>{esc(r.after)}</ins>"]
    attrs = f'class="corridor-change" data-change="{esc(r.change)}" data-kind="{esc(r.kind)}" data-id="{esc(r.id)}"'  # fmt: skip
    return f"<tr {attrs}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def changes_page(changes: pd.DataFrame, since: str, title: str = "What changed") -> str:
    """HTML page of ``changes`` (from :func:`corridor.evidence.changes.compare`).

    Parameters
    ----------
    changes : DataFrame
        Columns ``kind``, ``id``, ``change``, ``field``, ``before``, ``after``, ``label``.
    since : str
        What the evidence is compared with (``the previous atlas build``, a store's name).
    """
    parts, counts = [], []
    for change in CHANGES:
        part = changes[changes["change"] == change]
        items = part.drop_duplicates(["kind", "id"])
        by_kind = items.groupby("kind").size().to_dict()
        counts.append(f"{len(items)} {change}" + (
            f" ({', '.join(f'{n} {k}s' for k, n in sorted(by_kind.items()))})" if by_kind else ""))  # fmt: skip
        parts.append(f'<h2 class="{change}">{change.capitalize()} ({len(items)})</h2>')
        if not len(part):
            parts.append("<p>None.</p>")
            continue
        head = "".join(f"<th>{esc(h)}</th>" for h in _HEADERS[change])
        body = "\n".join(_row(r) for r in part.itertuples())
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>")
    subtitle = f"Since {since}: " + "; ".join(counts) + "."
    return document(title, "\n".join(parts), subtitle)


def changes_preview(changes: pd.DataFrame) -> str:
    """Index thumbnail: the numbers of items revised, added and withdrawn."""
    items = changes.drop_duplicates(["kind", "id", "change"])
    return bars_preview([int((items["change"] == c).sum()) for c in CHANGES], color="#9a6700")
