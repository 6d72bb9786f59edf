"""Mediation's own rules for the funder's figures: quarters, and the median time to resolution
over enough cases. Suppressing small counts is the platform's (``dialog_platform.figures``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from statistics import median


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def median_days(spans: Iterable[int], min_cell: int) -> float | None:
    """Median of the days from opening to resolution, only over at least ``min_cell`` cases."""
    values = list(spans)
    if len(values) < max(min_cell, 1):
        return None
    return float(median(values))
