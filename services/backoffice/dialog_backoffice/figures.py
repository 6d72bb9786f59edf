"""The funder's yearly report: each service's figures for one year (events, registrations,
mediation), side by side, as one JSON document, as rows for a spreadsheet and as bar charts.
Only what the services hand out: counts, with small ones already suppressed there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The services with figures for the funder, in the order the report shows them.
SOURCES = ("events", "registrations", "mediation")
#: The words a cell of a breakdown is keyed by (the rest of its fields are its counts).
KEYS = frozenset(
    {"key", "type", "month", "way", "channel", "status", "category", "outcome", "quarter"}
)


def rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """``{service: figures}`` as flat rows: service, figure (a dotted path), key, value,
    suppressed. A breakdown's cells become one row per count."""
    found: list[dict[str, Any]] = []
    for service in SOURCES:
        figures = report.get(service)
        if isinstance(figures, dict):
            _walk(found, service, "", figures)
    return found


def _walk(found: list, service: str, path: str, value: Any) -> None:
    if isinstance(value, dict):
        for name, inner in value.items():
            if name in ("year", "min_cell"):
                continue
            _walk(found, service, f"{path}.{name}" if path else name, inner)
    elif isinstance(value, list):
        for cell in value:
            if not isinstance(cell, dict):
                continue
            key = "/".join(str(cell[k]) for k in cell if k in KEYS)
            for name, count in cell.items():
                if name in KEYS or name == "suppressed":
                    continue
                figure = path if name == "count" else f"{path}.{name}"
                found.append(_row(service, figure, key, count, cell.get("suppressed", False)))
    else:
        found.append(_row(service, path, "", value, value is None))


def _row(service: str, figure: str, key: str, value: Any, suppressed: bool) -> dict[str, Any]:
    return {
        "service": service,
        "figure": figure,
        "key": key,
        "value": value,
        "suppressed": bool(suppressed),
    }


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed

    @property
    def shown(self) -> str:
        return "\u2013" if self.value is None else str(self.value)  # an en dash


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]

    @property
    def largest(self) -> int:
        return max([bar.value or 0 for bar in self.bars] + [1])

    def width(self, bar: Bar, full: int = 240) -> int:
        """The bar's length in pixels; the value is written beside it, so the chart reads
        without colour and without measuring."""
        return round(full * (bar.value or 0) / self.largest)


def bars(cells: list[dict] | None, key: str, count: str = "count") -> tuple[Bar, ...]:
    return tuple(Bar(str(cell.get(key, "")), cell.get(count)) for cell in cells or ())
