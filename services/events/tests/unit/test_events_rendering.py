"""Descriptions render as Markdown, and nothing that runs script survives."""

from html.parser import HTMLParser

import pytest

from dialog_events.rendering import render_markdown


def test_markdown_becomes_html():
    html = render_markdown("**Grundlagen** der *Wohlfahrtspflege*\n\n- SGB VIII\n- Träger")
    assert "<strong>Grundlagen</strong>" in html
    assert "<em>Wohlfahrtspflege</em>" in html
    assert "<li>SGB VIII</li>" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klick](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<div onmouseover="alert(1)">hover</div>',
    ],
)
def test_no_script_survives(text):
    tags, attributes = elements(render_markdown(text))
    assert tags <= {"p", "a"}  # no script, img, iframe or div: written out as text at most
    for name, value in attributes:
        assert not name.startswith("on")
        assert not (value or "").strip().lower().startswith("javascript:")


def elements(html: str) -> tuple[set[str], list[tuple[str, str | None]]]:
    """The tags and attributes a browser would build from ``html``."""
    found: tuple[set[str], list] = (set(), [])

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found[0].add(tag)
            found[1].extend(attrs)

    Collector().feed(html)
    return found


def test_safe_links_are_kept_and_marked_nofollow():
    html = render_markdown("[Programm](https://example.org/programm)")
    assert 'href="https://example.org/programm"' in html
    assert "nofollow" in html
