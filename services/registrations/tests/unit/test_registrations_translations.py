"""Every sentence of the public pages is in the catalogues, and the compiled catalogues (the
committed .mo files) translate each of them into German, Turkish and Arabic."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[2] / "dialog_registrations"
CATALOGUES = PACKAGE / "translations"
METHODS = [("**/web/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def _extracted() -> set[str]:
    found = extract_from_dir(PACKAGE, METHODS, keywords=KEYWORDS)
    return {message for _file, _line, message, _comments, _context in found}


def _forms(text) -> tuple:
    """Every form of a translation (one, or each plural form)."""
    return text if isinstance(text, tuple) else (text,)


def _hashable(value):
    """A plural entry's forms (a list when read from a .mo) as a tuple, as read from a .po."""
    return tuple(value) if isinstance(value, list) else value


def test_the_template_catalogue_holds_every_sentence():
    extracted = _extracted()
    assert "Sign up" in extracted and len(extracted) > 50  # extraction found the pages
    with (CATALOGUES / "messages.pot").open("rb") as handle:
        catalogue = {m.id for m in read_po(handle) if m.id}
    assert extracted - catalogue == set()


@pytest.mark.parametrize("language", ["de", "tr", "ar", "en"])
def test_compiled_catalogues_translate_everything(language):
    folder = CATALOGUES / language / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as handle:
        source = {m.id: m.string for m in read_po(handle) if m.id}
    with (folder / "messages.mo").open("rb") as handle:
        compiled = {_hashable(m.id): _hashable(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source  # the .mo was compiled from the current .po
    assert set(source) >= _extracted()
    untranslated = [key for key, text in source.items() if not all(_forms(text))]
    assert untranslated == []
    if language != "en":
        same = [key for key, text in source.items() if text == key]
        assert same == ["Gemeinsam lernen im Dialog"]  # the programme's name stays German
