"""axe-core in a Playwright page: the accessibility check of every browser test (WCAG 2.0 and
2.1, levels A and AA). axe-core comes from the npm registry (``tests/browser/package.json``,
installed by ``make browser``) and is evaluated through the devtools protocol, so the page's
Content-Security-Policy stays as strict as it is."""

from __future__ import annotations

from pathlib import Path

WCAG = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
#: Where ``make browser`` installs it.
AXE = Path(__file__).resolve().parents[3] / "tests/browser/node_modules/axe-core/axe.min.js"


def axe_script() -> Path:
    assert AXE.exists(), f"axe-core is missing ({AXE}): run `make browser`"
    return AXE


def violations(page, tags: tuple[str, ...] = WCAG) -> list[tuple[str, str, list]]:
    """axe's violations on the page as it is now: (rule, what it asks, the first targets)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_script().read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )
    return [
        (v["id"], v["help"], [node["target"] for node in v["nodes"]][:3])
        for v in result["violations"]
    ]


def assert_accessible(page, where: str = "") -> None:
    """No axe violation, and nothing wider than the window (no sideways scrolling)."""
    found = violations(page)
    assert found == [], f"{where or page.url}: {found}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{where or page.url} scrolls sideways by {overflow}px"
