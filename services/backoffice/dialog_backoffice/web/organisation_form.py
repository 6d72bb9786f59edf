"""The organisation form: the directory's fields (what it offers, its people and premises, its
languages, the needs assessment, § 75 SGB VIII recognition, contact persons) turned into the
events API's JSON, and an organisation back into the form. The rules are the events
service's; its refusals come back next to the fields, named as the API names them
(``contact_persons.0.email``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel import Locale
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from .i18n import language

#: Languages offered as boxes to tick (ISO 639-1); others are written as codes.
WORK_LANGUAGES = ("de", "tr", "ar", "ku", "fa", "en", "ru", "uk", "pl", "bs", "sq", "fr")
#: Empty rows offered below the recorded needs and contact persons.
SPARE_ROWS = 2
TEXTS = ("name", "kind", "city", "address", "premises", "needs_notes", "support_notes")
COUNTS = ("volunteers_count", "paid_staff_count")
NEED_FIELDS = ("id", "category", "description", "status", "identified_on")
PERSON_FIELDS = ("id", "name", "role", "email", "phone", "language")


def language_names(codes) -> dict[str, str]:
    """Language codes with their names in the page's language (a code Babel lacks: as is)."""
    names = Locale.parse(language()).languages
    return {code: names.get(code, code) for code in codes}


def _rows(form: MultiDict, prefix: str) -> int:
    """How many rows of the list ``prefix`` the form holds."""
    indexes = [key.split(".")[1] for key in form if key.startswith(f"{prefix}.")]
    return max((int(i) + 1 for i in indexes if i.isdigit()), default=0)


def form_of(organisation: dict | None) -> dict[str, Any]:
    """The form's values for an organisation (or the defaults of a new one)."""
    found = organisation or {}
    values: dict[str, Any] = {name: found.get(name) or "" for name in TEXTS}
    values["kind"] = found.get("kind", "association")
    for name in COUNTS:
        values[name] = "" if found.get(name) is None else str(found[name])
    values["tags"] = ", ".join(found.get("tags", []))
    values["activities"] = found.get("activities", [])
    spoken = found.get("languages", [])
    values["languages"] = [code for code in spoken if code in WORK_LANGUAGES]
    values["more_languages"] = ", ".join(code for code in spoken if code not in WORK_LANGUAGES)
    values["recognition"] = found.get("recognition", "none")
    needs = found.get("needs", [])
    for index, need in enumerate(needs):
        for name in NEED_FIELDS:
            values[f"needs.{index}.{name}"] = need.get(name) or ""
    people = found.get("contact_persons", [])
    for index, person in enumerate(people):
        for name in PERSON_FIELDS:
            values[f"contact_persons.{index}.{name}"] = person.get(name) or ""
        values[f"contact_persons.{index}.announcements_consent"] = bool(
            person.get("announcements_consented_at")
        )
    values["need_rows"] = len(needs) + SPARE_ROWS
    values["person_rows"] = len(people) + SPARE_ROWS
    return values


def values_of(form: MultiDict) -> dict[str, Any]:
    """The form as sent, for showing it again."""
    values: dict[str, Any] = {key: form.get(key, "") for key in form}
    values["activities"] = form.getlist("activities")
    values["languages"] = form.getlist("languages")
    for index in range(_rows(form, "contact_persons")):
        key = f"contact_persons.{index}.announcements_consent"
        values[key] = form.get(key) == "on"
    values["need_rows"] = max(_rows(form, "needs"), SPARE_ROWS)
    values["person_rows"] = max(_rows(form, "contact_persons"), SPARE_ROWS)
    return values


def _needs(form: MultiDict, errors: dict[str, list[str]]) -> list[dict]:
    """The needs rows with a category (a row without one is no need, or a need removed)."""
    needs = []
    for index in range(_rows(form, "needs")):
        row = {name: form.get(f"needs.{index}.{name}", "").strip() for name in NEED_FIELDS}
        if not row["category"]:
            continue
        need: dict[str, Any] = {
            "category": row["category"],
            "description": row["description"],
            "status": row["status"] or "open",
        }
        if row["id"]:
            need["id"] = row["id"]
        if row["identified_on"]:
            try:
                need["identified_on"] = date.fromisoformat(row["identified_on"]).isoformat()
            except ValueError:
                errors[f"needs.{index}.identified_on"] = [
                    str(_l("Please give the day as a date, e.g. 14.03.2027."))
                ]
        needs.append(need)
    return needs


def _contact_persons(form: MultiDict) -> list[dict]:
    """The rows with a name (a row without one is nobody, or a person removed)."""
    people = []
    for index in range(_rows(form, "contact_persons")):
        prefix = f"contact_persons.{index}."
        row = {name: form.get(prefix + name, "").strip() for name in PERSON_FIELDS}
        if not row["name"]:
            continue
        person: dict[str, Any] = {
            "name": row["name"],
            "role": row["role"],
            "email": row["email"] or None,
            "phone": row["phone"] or None,
            "language": row["language"] or "de",
            "announcements_consent": form.get(prefix + "announcements_consent") == "on",
        }
        if row["id"]:
            person["id"] = row["id"]
        people.append(person)
    return people


def at_rows(errors: dict[str, list[str]], form: MultiDict) -> dict[str, list[str]]:
    """The API's refusal of the n-th need or contact person sent at the form's row it came
    from (rows left empty are not sent)."""
    sent = {
        "needs": [i for i in range(_rows(form, "needs")) if form.get(f"needs.{i}.category")],
        "contact_persons": [
            i
            for i in range(_rows(form, "contact_persons"))
            if form.get(f"contact_persons.{i}.name", "").strip()
        ],
    }
    shown: dict[str, list[str]] = {}
    for key, sentences in errors.items():
        parts = key.split(".")
        if len(parts) > 1 and parts[0] in sent and parts[1].isdigit():
            rows = sent[parts[0]]
            position = int(parts[1])
            parts[1] = str(rows[position] if position < len(rows) else position)
        shown.setdefault(".".join(parts), []).extend(sentences)
    return shown


def payload_of(form: MultiDict) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The API's fields from the form, and the fields that could not even be read."""
    errors: dict[str, list[str]] = {}
    payload: dict[str, Any] = {name: form.get(name, "").strip() for name in TEXTS}
    for name in COUNTS:
        count = form.get(name, "").strip()
        payload[name] = int(count) if count.isdigit() else None
        if count and not count.isdigit():
            errors[name] = [str(_l("Please give a whole number, e.g. 12."))]
    payload["tags"] = [t.strip() for t in form.get("tags", "").split(",") if t.strip()]
    payload["activities"] = form.getlist("activities")
    more = [c.strip().lower() for c in form.get("more_languages", "").split(",") if c.strip()]
    payload["languages"] = list(dict.fromkeys(form.getlist("languages") + more))
    payload["recognition"] = form.get("recognition", "none")
    since = form.get("recognition_since", "").strip()
    if since:
        try:
            payload["recognition_since"] = date.fromisoformat(since).isoformat()
        except ValueError:
            errors["recognition_since"] = [
                str(_l("Please give the day as a date, e.g. 14.03.2027."))
            ]
    payload["needs"] = _needs(form, errors)
    payload["contact_persons"] = _contact_persons(form)
    if not payload["name"]:
        errors["name"] = [str(_l("Please give the organisation's name."))]
    return payload, errors
