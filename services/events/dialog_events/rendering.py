"""Descriptions and minutes are plain text or Markdown; shown as HTML only after cleaning.

markdown-it-py (CommonMark) renders with raw HTML switched off, then nh3 (the Rust ``ammonia``
sanitiser) keeps only harmless tags and attributes and only http(s)/mailto links: no script,
no event handler attribute, no ``javascript:`` URL survives either step.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "blockquote"}
    | {"code", "pre", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})


def render_markdown(text: str) -> str:
    """Safe HTML for ``text`` (Markdown; plain text renders as paragraphs)."""
    html = _markdown.render(text or "")
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
