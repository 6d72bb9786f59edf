"""Rendering what a person reads, in their language: a message of a kind (subject, text and
HTML email, SMS) and the stop-reminders page. Every sentence is in a template under
``templates/`` and translated by the Babel catalogues in ``translations/`` (English msgids);
dates are formatted by Babel in the language, on the Europe/Berlin wall clock."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_skeleton, format_time, get_timezone_name
from babel.support import Translations
from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup, escape

from dialog_platform.locale import BERLIN, direction_of, language_of

from .domain.sms import fit_segments

TRANSLATIONS = Path(__file__).parent / "translations"
KINDS = (
    "confirm_email",
    "seat_confirmed",
    "waitlisted",
    "promoted",
    "cancelled",
    "event_changed",
    "invitation",
    "invitation_cancelled",
    "announcement",
    "subscription_confirm",
    "mediation_invitation",
    "mediation_changed",
    "mediation_cancelled",
    "reminder",
)
#: Kinds whose SMS carries links: sent whole (in several parts if need be), never cut.
SMS_WITH_LINKS = frozenset({"invitation", "announcement"})
#: Any other SMS is complete (title, time and place) in up to this many parts, in every
#: language (an Arabic text takes 70 characters a part), and cut only beyond.
SMS_SEGMENTS = 3
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]")
PARAGRAPH = re.compile(r"\n\s*\n")


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


@cache
def environment(language: str) -> Environment:
    """The templates with the catalogue of ``language`` (one environment per language, each
    keeping its compiled templates). Only ``*.html.j2`` is autoescaped; the messages' parts are
    plain text, escaped when the HTML layout places them."""
    env = Environment(
        loader=PackageLoader(__package__, "templates"),
        # The templates ship with the package: no look at their files' times on each use.
        auto_reload=False,
        autoescape=select_autoescape(["html.j2"], default_for_string=False),
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # a sentence may be wrapped in its template
    env.install_gettext_translations(Translations.load(TRANSLATIONS, [language]), newstyle=True)
    env.filters["linkify"] = _linkify
    return env


@lru_cache(maxsize=1024)
def _date_values(language: str, starts_at: datetime, prefix: str = "") -> dict[str, str]:
    """``date``, ``short_date`` and ``time`` of a moment, in the language and Berlin time, one
    format each that cannot be misread: the month by its name, the year in full, the time
    with its zone (German "18:00 Uhr MEZ", else "6:00 PM UTC+1"). Formatted once for every
    recipient of an event in that language (callers copy them)."""
    local = starts_at.astimezone(BERLIN)
    return {
        f"{prefix}date": format_date(local, "full", locale=language),
        f"{prefix}short_date": format_skeleton("yMMMd", local, locale=language),
        f"{prefix}time": _time_with_zone(local, language),
    }


def _time_with_zone(local: datetime, language: str) -> str:
    # CLDR's narrow no-break space ("6:00\u202fPM") is not GSM-7: it would make an SMS cost double
    time = format_time(local, "short", locale=language).replace("\u202f", " ")
    if language == "de":  # MEZ / MESZ, the names German readers know
        return f"{time} Uhr {get_timezone_name(local, 'short', locale='de')}"
    hours = int(local.utcoffset().total_seconds() // 3600)
    return f"{time} UTC{hours:+d}"


def _blocks(template: Template, values: dict[str, Any]) -> Callable[[str], str]:
    """The template's blocks by name, rendered with ``values`` (one context for them all)."""
    context = template.new_context(values)
    return lambda name: "".join(template.blocks[name](context)).strip()


def _paragraphs(body: str) -> list[str]:
    """The body's paragraphs: separated by blank lines; one that rendered empty is left out."""
    return [paragraph.strip() for paragraph in PARAGRAPH.split(body) if paragraph.strip()]


def render(kind: str, language: str, values: dict[str, Any], sms: bool = True) -> Rendered:
    """Render one message. ``values`` hold name, title, starts_at, place, links and what the
    kind needs (reason, position, old_starts_at, old_place, ...); ``stop_url`` adds the link
    to stop reminders. ``sms=False`` skips the SMS text (an email does not need it)."""
    if kind not in KINDS:
        raise UnknownKind(f"There is no template for the kind {kind!r}.")
    language = language_of(language)
    env = environment(language)
    values = dict(values) | _date_values(language, values["starts_at"])
    if values.get("old_starts_at"):
        values |= _date_values(language, values["old_starts_at"], prefix="old_")
    template = env.get_template(f"messages/{kind}.j2")
    message, common = (
        _blocks(template, values),
        _blocks(env.get_template("messages/common.j2"), values),
    )
    stop_url = values.get("stop_url")
    layout = {
        "language": language,
        "direction": direction_of(language),
        "subject": message("subject"),
        "greeting": common("greeting"),
        "paragraphs": _paragraphs(message("body")),
        "stop": common("stop") if stop_url else "",
        "stop_url": stop_url,
        "stop_label": common("stop_label"),
    }
    short = ""
    if sms and "sms" in template.blocks:
        short = message("sms")
        short = short if kind in SMS_WITH_LINKS else fit_segments(short, SMS_SEGMENTS)
    return Rendered(
        subject=layout["subject"],
        text=env.get_template("email.txt.j2").render(layout),
        html=env.get_template("email.html.j2").render(layout),
        sms=short,
    )


def stop_page(
    language: str | None,
    *,
    known: bool = True,
    done: bool = False,
    announcements: bool = False,
    event_title: str = "",
    starts_at: datetime | None = None,
) -> str:
    """The page behind the stop-reminders link: which event, its button, the answer once
    pressed, or the sentence for a link we do not know; ``announcements``: the unsubscribe
    link of a directory announcement (it ends the announcements)."""
    language = language_of(language)
    template = environment(language).get_template("stop_reminders.html.j2")
    when = _date_values(language, starts_at, prefix="event_") if starts_at else {}
    return template.render(
        language=language,
        direction=direction_of(language),
        known=known,
        done=done,
        announcements=announcements,
        event_title=event_title,
        **({"event_date": "", "event_time": ""} | when),
    )
