"""SMS segments: GSM-7 (160 characters, 153 per part) or UCS-2 (70, 67 per part).

Characters of the GSM 03.38 extension table count twice. A text with any character outside
GSM-7 is sent as UCS-2, where characters beyond the Basic Multilingual Plane count twice.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "^{}\\[~]|€\f"


@dataclass(frozen=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or 16-bit code units (UCS-2)
    count: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def count_segments(text: str) -> Segments:
    if is_gsm7(text):
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    if units <= single:
        return Segments(encoding, units, 1 if units else 0)
    return Segments(encoding, units, -(-units // part))


def fit_one_segment(text: str) -> str:
    """Shorten ``text`` to one segment if it is longer, ending with an ellipsis."""
    return fit_segments(text, 1)


def fit_segments(text: str, most: int) -> str:
    """Shorten ``text`` to ``most`` segments if it is longer, ending with an ellipsis."""
    if count_segments(text).count <= most:
        return text
    cut = text
    while count_segments(cut + "...").count > most:
        cut = cut[:-1]
    return cut.rstrip() + "..."
