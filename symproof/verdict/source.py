"""Where a claim comes from: a passage of a seed text, quoted in its original language with an English rendering."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Source"]


@dataclass(frozen=True)
class Source:
    """A passage of a seed text: the file, the quote in its original language, and an English rendering."""

    seed: str  # file name, e.g. "000_bd9babc96dcc5140.txt"; "" for claims of the general principle
    quote: str  # verbatim from the seed ("" for claims of the general principle)
    english: str  # English rendering of the quote, or, for the general principle, where the claim comes from

    def to_dict(self) -> dict[str, Any]:
        """Return the source as plain data."""
        return asdict(self)
