"""The funder's yearly figures (admins): events, registrations and mediation side by side,
as bar charts drawn on the server (SVG, every value written beside its bar), and as CSV and
JSON downloads. A service that does not answer is named; the others are shown."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from babel.dates import format_date
from flask import Blueprint, Response, render_template, request
from flask_babel import lazy_gettext as _l

from dialog_platform.clock import utc_now

from ..figures import SOURCES, Chart, bars, rows
from .event_form import EVENT_TYPES
from .i18n import language
from .identity import apis, roles_required
from .labels import CASE_CATEGORIES
from .parts import part

blueprint = Blueprint("figures", __name__)


def _year() -> int:
    asked = request.args.get("year", "")
    return int(asked) if asked.isdigit() and 2000 <= int(asked) <= 2100 else utc_now().year


def _parts(year: int) -> dict:
    clients = apis()
    load = {
        "events": lambda: clients.events.yearly_report(year),
        "registrations": lambda: clients.registrations.yearly_report(year),
        "mediation": lambda: clients.mediation.figures(year),
    }
    return {service: part(load[service], None) for service in SOURCES}


def _month(value: str) -> str:
    """``2027-03`` as the month's name (``März``)."""
    try:
        year, month = (int(part) for part in value.split("-")[:2])
        return format_date(date(year, month, 1), "MMMM", locale=language())
    except ValueError:
        return value


def _named(cells: list[dict], key: str, names) -> list[dict]:
    """The cells with their vocabulary word (``key``) in words."""
    return [cell | {key: str(names(cell[key]))} for cell in cells or ()]


def _charts(parts: dict) -> dict[str, list[Chart]]:
    charts: dict[str, list[Chart]] = {}
    events = parts["events"].value
    if events:
        held = events["events_held"]
        by_type = _named(held["by_type"], "type", lambda t: EVENT_TYPES.get(t, t))
        by_month = _named(held["by_month"], "month", _month)
        charts["events"] = [
            Chart(str(_l("Events held by month")), bars(by_month, "month")),
            Chart(str(_l("Events held by type")), bars(by_type, "type")),
        ]
    registrations = parts["registrations"].value
    if registrations:
        attendance = registrations["attendance"]
        charts["registrations"] = [
            Chart(
                str(_l("Places and people")),
                bars(
                    [
                        {
                            "key": str(_l("Places offered")),
                            "count": registrations["places_offered"],
                        },
                        {"key": str(_l("Places taken")), "count": registrations["places_taken"]},
                        {"key": str(_l("Participants")), "count": registrations["participants"]},
                        {"key": str(_l("Attended")), "count": attendance["attended"]},
                    ],
                    "key",
                ),
            )
        ]
    mediation = parts["mediation"].value
    if mediation:
        by_category = _named(
            mediation["by_category"], "category", lambda c: CASE_CATEGORIES.get(c, c)
        )
        charts["mediation"] = [
            Chart(str(_l("Mediation cases by category")), bars(by_category, "category"))
        ]
    return charts


@blueprint.get("/figures")
@roles_required("admin")
def index():
    year = _year()
    parts = _parts(year)
    return render_template(
        "backoffice/figures.html", year=year, parts=parts, charts=_charts(parts), sources=SOURCES
    )


def _document(year: int) -> dict:
    parts = _parts(year)
    return {
        "year": year,
        **{service: parts[service].value for service in SOURCES},
        "unavailable": [service for service in SOURCES if not parts[service].ok],
    }


@blueprint.get("/figures.json")
@roles_required("admin")
def as_json():
    year = _year()
    body = json.dumps(_document(year), ensure_ascii=False, indent=2)
    return _download(body, "application/json", f"dialog-figures-{year}.json")


@blueprint.get("/figures.csv")
@roles_required("admin")
def as_csv():
    """Semicolons and a byte-order mark, as German Excel opens it; a suppressed value is empty
    with "ja" beside it."""
    year = _year()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_l("Service"), _l("Figure"), _l("Breakdown"), _l("Value"), _l("Suppressed")])
    for row in rows(_document(year)):
        value = "" if row["value"] is None else row["value"]
        suppressed = _l("yes") if row["suppressed"] else _l("no")
        writer.writerow([row["service"], row["figure"], row["key"], value, suppressed])
    return _download(
        "\ufeff" + out.getvalue(), "text/csv; charset=utf-8", f"dialog-figures-{year}.csv"
    )


def _download(body: str, content_type: str, filename: str) -> Response:
    return Response(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
