"""The claims' sources: known claim IDs, clean quotes verbatim from the seed texts, an English rendering for each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from symproof.claims import REGISTRY
from symproof.claims.sources import MATH, SOURCES, Source, page_text

# The seed texts live beside the repository, not in it: /work/shared/seeds for /work/main.
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_keys_are_the_registered_claim_ids() -> None:
    assert set(SOURCES) == set(REGISTRY), sorted(set(SOURCES) ^ set(REGISTRY))


@pytest.mark.parametrize("claim_id", sorted(SOURCES))
def test_english_non_empty(claim_id: str) -> None:
    assert SOURCES[claim_id].english.strip()


@pytest.mark.parametrize("claim_id", sorted(SOURCES))
def test_seed_and_quote_go_together(claim_id: str) -> None:
    source = SOURCES[claim_id]
    assert bool(source.seed) == bool(source.quote)


@pytest.mark.parametrize("claim_id", sorted(k for k, s in SOURCES.items() if s.quote))
def test_quote_is_verbatim(claim_id: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS} (they sit beside the repository, not in it)")
    source: Source = SOURCES[claim_id]
    path = SEEDS / source.seed
    assert path.is_file(), f"no seed file {path}"
    text = path.read_text(encoding="utf-8")
    page = page_text(claim_id)  # the formulas as the page has them: rendered text and MathJax markup
    assert page in text or _squash(page) in _squash(text)


# What a quote must not contain: HTML or MathJax markup, TeX commands or math delimiters, HTML entities.
MARKUP = ("<", ">", "script", "MathJax", "math/tex", "\\", "\\(", "\\[", "$", "{", "}", "&lt;", "&gt;", "&amp;")


@pytest.mark.parametrize("claim_id", sorted(SOURCES))
def test_quotes_are_clean_text(claim_id: str) -> None:
    source = SOURCES[claim_id]
    for text in (source.quote, source.english):
        assert not [m for m in MARKUP if m in text], text


@pytest.mark.parametrize("claim_id", sorted(MATH))
def test_each_plain_formula_stands_once_in_its_quote(claim_id: str) -> None:
    quote = SOURCES[claim_id].quote
    for plain, page in MATH[claim_id]:
        assert quote.count(plain) == 1, plain
        assert "<script" in page  # each one stands for a formula of the page
