"""Quote extraction: `clean_text` strips page furniture, `extract_quotes` finds quotes."""

from __future__ import annotations

from quotesdb.extract.cleanup import clean_text
from quotesdb.extract.model import ExtractedQuote
from quotesdb.extract.pipeline import extract_quotes

__all__ = ["ExtractedQuote", "clean_text", "extract_quotes"]
