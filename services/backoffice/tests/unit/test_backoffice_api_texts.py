"""The services' refusals (English, with a code) read in the page's language: our sentence
for the code, the service's sentence kept as detail where it says which state or rule."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale

from dialog_backoffice.web.api_texts import field_sentence, refusal_sentence
from dialog_backoffice.web.i18n import register_i18n


def _app() -> Flask:
    app = Flask("dialog_backoffice")
    register_i18n(app)
    return app


def test_a_code_becomes_a_german_sentence_with_the_detail_where_it_helps():
    with _app().test_request_context("/?lang=de"), force_locale("de"):
        assert (
            refusal_sentence("delivery_not_found", "lead", "There is no delivery with this id.")
            == "Diese Nachricht steht nicht im Versandprotokoll."
        )
        refused = refusal_sentence(
            "transition_refused", "lead", "An event that is draft cannot become completed."
        )
        assert refused == (
            "Das geht gerade nicht, weil der aktuelle Stand es nicht erlaubt. Der Dienst meldet "
            "(auf Englisch): „An event that is draft cannot become completed.“"
        )
        assert refusal_sentence("something_new", "Der Satz zum Status.", "") == (
            "Der Satz zum Status."
        )


def test_field_sentences_read_german_and_an_unknown_one_is_labelled():
    with _app().test_request_context("/?lang=de"), force_locale("de"):
        assert field_sentence("Missing data for required field.") == (
            "Bitte füllen Sie dieses Feld aus."
        )
        assert field_sentence("Length must be between 1 and 200.") == (
            "Bitte schreiben Sie zwischen 1 und 200 Zeichen."
        )
        assert field_sentence("Not a real rule.") == (
            "Diese Angabe wurde nicht angenommen. Der Dienst meldet (auf Englisch): "
            "„Not a real rule.“"
        )
    with _app().test_request_context("/?lang=en"), force_locale("en"):
        assert field_sentence("Not a real rule.") == "Not a real rule."
        assert field_sentence("Not a valid email address.") == (
            "Please give a valid email address, e.g. name@example.org."
        )
