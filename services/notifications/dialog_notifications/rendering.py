"""Rendering a kind in a language: subject, text and HTML (autoescaped), SMS; dates by Babel
in the recipient's language and Europe/Berlin time."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_date, format_time
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from dialog_platform.locale import BERLIN, direction_of, language_of

from .domain.sms import fit_one_segment

KINDS = (
    "confirm_email",
    "seat_confirmed",
    "waitlisted",
    "promoted",
    "cancelled",
    "event_changed",
    "invitation",
    "mediation_invitation",
    "mediation_changed",
    "mediation_cancelled",
    "reminder",
)
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]")


class UnknownKind(LookupError):
    """No template exists for this kind."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    sms: str


def _linkify(text: str) -> Markup:
    parts, last = [], 0
    for match in URL.finditer(text):
        parts.append(escape(text[last : match.start()]))
        url = escape(match.group(0))
        parts.append(Markup(f'<a href="{url}">{url}</a>'))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


_layouts = Environment(
    loader=PackageLoader("dialog_notifications", "templates"),
    autoescape=select_autoescape(["html.j2"], default_for_string=False),
    keep_trailing_newline=True,
)
_layouts.filters["linkify"] = _linkify
_strings = Environment(autoescape=False, undefined=StrictUndefined)


def texts(language: str) -> dict[str, Any]:
    return importlib.import_module(f".templates.{language_of(language)}", __package__).TEXTS


def date_values(language: str, starts_at: datetime, prefix: str = "") -> dict[str, str]:
    """``date``, ``short_date`` and ``time`` of a moment, in the language and Berlin time."""
    local = starts_at.astimezone(BERLIN)
    locale = language_of(language)
    return {
        f"{prefix}date": format_date(local, "full", locale=locale),
        f"{prefix}short_date": format_date(local, "short", locale=locale),
        f"{prefix}time": format_time(local, "short", locale=locale),
    }


@lru_cache(maxsize=1024)
def _compiled(template: str):
    return _strings.from_string(template)


def _fill(template: str, values: dict[str, Any]) -> str:
    return _compiled(template).render(values).strip()


def render(kind: str, language: str, values: dict[str, Any], sms: bool = True) -> Rendered:
    """Render one message. ``values`` hold name, title, starts_at, place, links and what the
    kind needs (reason, position, old_starts_at, old_place, ...); ``stop_url`` adds the link
    to stop reminders. ``sms=False`` skips the SMS text (an email does not need it)."""
    if kind not in KINDS:
        raise UnknownKind(f"There is no template for the kind {kind!r}.")
    language = language_of(language)
    catalog = texts(language)
    values = dict(values)
    values.update(date_values(language, values["starts_at"]))
    if values.get("old_starts_at"):
        values.update(date_values(language, values["old_starts_at"], prefix="old_"))
    entry = catalog[kind]
    paragraphs = [p for p in (_fill(t, values) for t in entry["body"]) if p]
    stop_url = values.get("stop_url")
    layout = {
        "language": language,
        "direction": direction_of(language),
        "subject": _fill(entry["subject"], values),
        "greeting": _fill(catalog["greeting"], values),
        "paragraphs": paragraphs,
        "stop": _fill(catalog["stop"], values) if stop_url else "",
        "stop_url": stop_url,
        "stop_label": catalog["stop_label"],
    }
    short = fit_one_segment(_fill(entry["sms"], values)) if sms and "sms" in entry else ""
    return Rendered(
        subject=layout["subject"],
        text=_layouts.get_template("email.txt.j2").render(layout),
        html=_layouts.get_template("email.html.j2").render(layout),
        sms=short,
    )
