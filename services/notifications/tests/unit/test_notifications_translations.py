"""Every sentence a person reads (mails, SMS, the stop-reminders page) is in the catalogues, and
the compiled catalogues (the committed .mo files) translate each of them into German, Turkish
and Arabic (the msgids are the English sentences)."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from dialog_platform.locale import LANGUAGES

SERVICE = Path(__file__).resolve().parents[2]
CATALOGUES = SERVICE / "dialog_notifications" / "translations"


def _extracted() -> set[str]:
    """The msgids ``pybabel extract -F babel.cfg`` finds (the same mapping and options)."""
    with (SERVICE / "babel.cfg").open() as config:
        methods, options = parse_mapping_cfg(config)
    found = extract_from_dir(SERVICE, methods, options)
    return {message for _file, _line, message, _comments, _context in found}


def _read(path: Path, reader) -> dict[str, str]:
    with path.open("rb") as handle:
        return {m.id: m.string for m in reader(handle) if m.id}


def test_the_template_catalogue_holds_every_sentence():
    extracted = _extracted()
    assert "Hello %(name)s," in extracted and len(extracted) > 40  # extraction found the mails
    assert "Stop reminders" in extracted  # and the page
    assert set(_read(CATALOGUES / "messages.pot", read_po)) == extracted


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogues_translate_everything(language):
    folder = CATALOGUES / language / "LC_MESSAGES"
    source = _read(folder / "messages.po", read_po)
    assert _read(folder / "messages.mo", read_mo) == source  # compiled from the current .po
    assert set(source) == _extracted()
    assert [msgid for msgid, text in source.items() if not text] == []
    if language != "en":
        assert [msgid for msgid, text in source.items() if text == msgid] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_use_only_the_placeholders_of_their_sentence(language):
    with (CATALOGUES / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    assert [(message.id, errors) for message, errors in catalogue.check()] == []
