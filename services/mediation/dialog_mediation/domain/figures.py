"""Figures for the funder without personal data: small counts are suppressed the platform's
one way (``dialog_platform.figures``: a count between 1 and ``min_cell - 1`` could point at a
single case; a lone suppressed cell takes the next smallest with it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from statistics import median

from dialog_platform.figures import safe_total, suppress

__all__ = ["median_days", "quarter_of", "safe_total", "suppress"]


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def median_days(spans: Iterable[int], min_cell: int) -> float | None:
    """Median of the days from opening to resolution, only over at least ``min_cell`` cases."""
    values = list(spans)
    if len(values) < max(min_cell, 1):
        return None
    return float(median(values))
