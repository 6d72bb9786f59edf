"""Figures for the funder without personal data: small counts are suppressed (the same rule in
every service's report).

A count between 1 and ``min_cell - 1`` could point at a single person or case, so it is shown
as suppressed. When a breakdown would have exactly one suppressed cell, the smallest other
non-zero cell is suppressed too, so the hidden count cannot be worked out from the total.
"""

from __future__ import annotations

from collections.abc import Mapping


def suppress(counts: Mapping[str, int], min_cell: int) -> list[dict]:
    """``[{"key", "count", "suppressed"}]`` in the order of ``counts``; hidden counts are None."""
    hidden = {key for key, n in counts.items() if 0 < n < min_cell}
    if len(hidden) == 1:
        shown = sorted((n, key) for key, n in counts.items() if n >= min_cell)
        if shown:
            hidden.add(shown[0][1])
    return [
        {"key": key, "count": None if key in hidden else n, "suppressed": key in hidden}
        for key, n in counts.items()
    ]


def safe_total(total: int, min_cell: int) -> int | None:
    """A total, or None when it is small enough to point at someone."""
    return None if 0 < total < min_cell else total
