"""A mail's text and HTML parts, made from a part built once, are the parts ``MIMEText`` makes."""

from __future__ import annotations

from email.mime.text import MIMEText

import pytest

from dialog_notifications.composition import _text_part

TEXTS = [
    "",
    "Hello Ada,\n",
    "Hallo Zeynep Öztürk-Schmidt,\n\nWann: Dienstag, 2. März 2027, 18:30 Uhr MEZ.",
    "مرحبا،\n" * 40,
    "<p>" + "x" * 200 + "</p>",
]


@pytest.mark.parametrize("subtype", ["plain", "html"])
@pytest.mark.parametrize("text", TEXTS)
def test_a_text_part_is_what_mimetext_makes(text, subtype):
    made, expected = _text_part(text, subtype), MIMEText(text, subtype, "utf-8")
    assert made.as_bytes() == expected.as_bytes()
    assert made.get_payload(decode=True) == text.encode("utf-8")
    assert _text_part("other", subtype).as_bytes() == MIMEText("other", subtype, "utf-8").as_bytes()
