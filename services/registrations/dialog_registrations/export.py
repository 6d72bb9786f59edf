"""The staff's export of an event's registrations, for German offices: headers and yes/no in
the staff's language (German unless asked otherwise), times on the Berlin wall clock, phone
numbers as text. ``excel`` and ``comma`` are CSV; ``xlsx`` a spreadsheet whose every cell is
text but the times, so numbers and leading zeros survive."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import phonenumbers
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook

from dialog_platform.locale import BERLIN

#: key -> header (translated when the file is made).
COLUMNS = (
    ("name", _l("Participant's name")),
    ("email", _l("Email address")),
    ("phone", _l("Phone number")),
    ("organisation", _l("Organisation (as given)")),
    ("language", _l("Language of the messages")),
    ("status", _l("Registration status")),
    ("waitlist_position", _l("Waiting list position")),
    ("needs", _l("Needs")),
    ("sms_consent", _l("SMS reminders")),
    ("created_at", _l("Signed up at (Berlin time)")),
    ("checked_in_at", _l("Checked in at (Berlin time)")),
)
STATUS_NAMES = {
    "pending": _l("waiting for the email confirmation"),
    "confirmed": _l("confirmed"),
    "waitlisted": _l("waiting list"),
    "cancelled": _l("cancelled"),
    "expired": _l("expired"),
    "attended": _l("attended"),
    "no_show": _l("did not come"),
}
#: How a time is written in the files: the Berlin wall clock, ISO order (no day/month doubt).
TIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_TIME_FORMAT = "yyyy-mm-dd hh:mm"
MEDIA_TYPES = {
    "excel": "text/csv",
    "comma": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _phone(value: str | None) -> str:
    """E.164 as people write it (+49 170 1234567): spaces make it text to every spreadsheet,
    so it needs no visible apostrophe (a checked number can carry no formula)."""
    if not value:
        return ""
    number = phonenumbers.parse(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _text(value) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet: quote it away.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _value(key: str, value, quote: bool):
    """A cell's content: local times as datetimes, the rest as text (``quote``: formulas
    quoted away, for CSV; an xlsx text cell is never a formula)."""
    if isinstance(value, datetime):
        return value.astimezone(BERLIN).replace(tzinfo=None)
    if key == "phone":
        return _phone(value)
    if key == "sms_consent":
        return gettext("Yes") if value else gettext("No")
    if key == "status":
        return str(STATUS_NAMES.get(value, value))
    if key == "waitlist_position":
        return "" if value is None else str(value)
    return _text(value) if quote else ("" if value is None else str(value))


def _table(rows: list[dict], language: str, quote: bool) -> list[list]:
    with force_locale(language):
        header = [str(title) for _key, title in COLUMNS]
        body = [[_value(key, row[key], quote) for key, _title in COLUMNS] for row in rows]
    return [header, *body]


def registrations_file(rows: list[dict], variant: str, language: str) -> bytes:
    """``excel``: UTF-8 with BOM and semicolons (German Excel); ``comma``: plain UTF-8 CSV;
    ``xlsx``: an Office Open XML workbook."""
    if variant == "xlsx":
        return _xlsx(_table(rows, language, quote=False))
    table = _table(rows, language, quote=True)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if variant == "excel" else ",", lineterminator="\r\n")
    for line in table:
        writer.writerow([c.strftime(TIME_FORMAT) if isinstance(c, datetime) else c for c in line])
    return buffer.getvalue().encode("utf-8-sig" if variant == "excel" else "utf-8")


def _xlsx(table: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Anmeldungen"
    for line in table:
        sheet.append(line)
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            cell.number_format = XLSX_TIME_FORMAT if isinstance(cell.value, datetime) else "@"
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula or a number
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
