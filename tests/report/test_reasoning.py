"""The links from claims to their explanations: which anchors a markdown text defines."""

from __future__ import annotations

from pathlib import Path

from symproof.report.reasoning import EXPLAINED, THEORY, anchors, why

THEORY_MD = Path(__file__).resolve().parents[2] / THEORY


def test_explicit_anchors_and_heading_slugs_are_found() -> None:
    text = "\n".join(
        [
            "# Theory: interchangeable neurons",
            "## Seed 004: the variance claims",
            '<a id="s004.scaled-std"></a>',
            "**`s004.scaled-std`: conditional.** Text with <a name='other'>a named anchor</a>.",
            "## Seed 004: the variance claims",
            "```",
            '<a id="in-code"></a>',
            "## not a heading",
            "```",
        ]
    )
    assert anchors(text) == {
        "theory-interchangeable-neurons",
        "seed-004-the-variance-claims",
        "seed-004-the-variance-claims-1",
        "s004.scaled-std",
        "other",
    }


def test_why_names_the_anchor_of_each_explained_claim() -> None:
    assert why("gen.adam-rounding") == "docs/theory.md#gen.adam-rounding"
    assert why("no.such-claim") is None


def test_every_anchor_of_theory_md_is_set_once() -> None:
    text = THEORY_MD.read_text(encoding="utf-8")
    for claim_id in EXPLAINED:
        assert text.count(f'<a id="{claim_id}"></a>') == 1, claim_id
    assert {"the-principle", "exact-zeros", "seed-004-the-variance-claims"} <= anchors(text)
