"""Finding a person in free text: their names as whole words in any case, and the addresses or
numbers the caller recognises as theirs, however written; taking them out leaves the rest."""

from dialog_mediation.domain.redaction import ERASED, traces_of


def _theirs(token: str) -> bool:
    digits = "".join(c for c in token if c.isdigit())
    return token.lower() == "mehmet@example.org" or digits.endswith("15112345678")


TRACES = traces_of(["Mehmet Demir", " ", ERASED], _theirs)


def test_names_are_found_as_whole_words_in_any_case():
    assert TRACES.found_in("Gespräch mit MEHMET  demir.")
    assert not TRACES.found_in("Gespräch mit Mehmet Demirci.")
    assert not TRACES.found_in("Mehmet rief an.")  # a first name alone is not the person
    assert not TRACES.found_in(None) and not TRACES.found_in("")


def test_addresses_and_numbers_are_found_however_written():
    assert TRACES.found_in("Schreiben an Mehmet@Example.org, bitte.")
    assert TRACES.found_in("Rückruf: 0151 / 123 456 78")
    assert not TRACES.found_in("Rückruf: 0170 9876543, an fatma@example.org")


def test_taking_them_out_keeps_the_rest():
    text = "Mehmet Demir (mehmet@example.org, +49 151 12345678) und Fatma Kaya."
    assert TRACES.taken_out_of(text) == f"{ERASED} ({ERASED}, {ERASED}) und Fatma Kaya."
    assert TRACES.taken_out_of("Nichts davon.") == "Nichts davon."
