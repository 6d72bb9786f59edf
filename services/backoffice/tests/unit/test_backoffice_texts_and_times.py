"""Every text of the pages has its German translation; times read one way only, on the
Berlin wall clock; a form's Berlin time becomes an instant with its offset."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import Babel, force_locale

from dialog_backoffice.web.i18n import day, from_local_input, local_input, when

CATALOGUES = Path(__file__).resolve().parents[2] / "dialog_backoffice" / "translations"


def test_every_text_is_translated_into_german():
    with (CATALOGUES / "messages.pot").open("rb") as pot:
        template = read_po(pot)
    with (CATALOGUES / "de/LC_MESSAGES/messages.po").open("rb") as po:
        german = read_po(po)
    ids = {m.id for m in template if m.id}
    missing = sorted(m.id for m in german if m.id and not m.string)
    assert ids == {m.id for m in german if m.id} and missing == []
    assert (CATALOGUES / "de/LC_MESSAGES/messages.mo").stat().st_mtime >= (
        CATALOGUES / "de/LC_MESSAGES/messages.po"
    ).stat().st_mtime - 1


def test_times_are_shown_on_the_berlin_clock_with_weekday_and_month_in_words():
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        with force_locale("de"):
            assert when("2027-03-14T17:00:00+00:00") == "Sonntag, 14. März 2027, 18:00 Uhr"
            assert when("2027-07-14T16:00:00+00:00") == "Mittwoch, 14. Juli 2027, 18:00 Uhr"
            assert day("2027-03-05") == "Fr., 5. März 2027"
        with force_locale("en"):
            assert when("2027-03-14T17:00:00+00:00") == "Sunday 14 March 2027, 18:00"


def test_form_times_are_berlin_wall_clock_times():
    assert from_local_input("2027-03-14T18:00") == "2027-03-14T18:00:00+01:00"
    assert from_local_input("2027-07-14T18:00") == "2027-07-14T18:00:00+02:00"
    assert from_local_input("") is None
    assert local_input("2027-07-14T16:00:00+00:00") == "2027-07-14T18:00"
