"""Where each built-in claim is explained: an anchor of docs/theory.md, for the ledger and the command line.

`why(claim_id)` returns "docs/theory.md#<claim ID>" (a path from the repository's root) for a built-in claim and None
for any other. theory.md sets each anchor as `<a id="<claim ID>"></a>` just before the passage that explains the
claim; `anchors(text)` returns the anchors a markdown text defines (explicit ones, and GitHub's slugs of its
headings), so that a test can check that every link lands.
"""

from __future__ import annotations

import re

__all__ = ["EXPLAINED", "THEORY", "anchors", "why"]

THEORY = "docs/theory.md"

# The claims that theory.md explains, each under an anchor named by its ID.
EXPLAINED = frozenset(
    {
        "s000.zero-init-updates",
        "s000.constant-init-structure",
        "s000.zero-init-k-step",
        "s000.first-m-random",
        "s000.logistic-zero-init",
        "s000.linear-zero-stuck",
        "s000.single-random-column-equal",
        "s000.random-bias-breaks",
        "s000.output-width-irrelevant",
        "s000.experiment",
        "gen.equivariance",
        "gen.block-invariance",
        "gen.adam-rounding",
        "gen.exact-structure",
        "gen.distinct-targets",
        "gen.dropout",
        "s004.naive-std",
        "s004.scaled-std",
        "s004.saturation-slows-learning",
        "s004.default-init-code",
        "s004.variance-law",
        "s004.gaussian-pdf",
        "s004.output-gradient-formula",
    }
)


def why(claim_id: str) -> str | None:
    """Return the link to the passage of docs/theory.md that explains `claim_id`, or None if it explains none."""
    return f"{THEORY}#{claim_id}" if claim_id in EXPLAINED else None


_EXPLICIT = re.compile(r"""<a\s+(?:id|name)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _slug(heading: str) -> str:
    """Return GitHub's anchor of a heading: lower case, punctuation other than - and _ dropped, spaces to -."""
    text = re.sub(r"<[^>]+>", "", heading).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """Return the anchors that `markdown` defines: every `<a id=...>` or `<a name=...>`, and every heading's slug
    (a repeated slug gets -1, -2, ... as on GitHub); fenced code is skipped."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        found.update(_EXPLICIT.findall(line))
        heading = _HEADING.match(line)
        if heading:
            slug = _slug(heading[1])
            found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
            seen[slug] = seen.get(slug, 0) + 1
    return found
