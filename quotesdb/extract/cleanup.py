"""Drop page furniture (captions, share buttons, tag lists) that saved web pages carry.

Conservative on purpose: only whole short lines that match a furniture pattern go; a
sentence that merely mentions "Read more" stays.
"""

from __future__ import annotations

import re

_MAX_FURNITURE = 120
_FURNITURE = re.compile(
    r"""^[\s|•·>»*#-]*(?:
        (?:view|hide|show)\s+caption(?:\s+(?:view|hide|show)\s+caption)?
      | (?:share|email|print|save|tweet)(?:\s+(?:this|the))?(?:\s+(?:post|article|story|page))?
      | share\s+(?:on|via)\s+\w+(?:\s+\w+)?
      | (?:post|leave|add|write)\s+(?:a\s+)?comments?
      | \d+\s+comments?
      | comments?
      | this\s+site\s+uses\s+akismet.*
      | tags?\s*:?\s+.*
      | topics?\s*:\s+.*
      | see\s+all(?:\s+.*)?
      | more\s+(?:[\w.-]+\s+){0,3}(?:news|stories|articles|coverage|from\s+.*)
      | advertisement|advertising|sponsored(?:\s+content)?|ad
      | read\s+(?:more|next|full\s+story|the\s+full\s+story)(?:\s*:.*)?
      | continue\s+reading.*
      | sign\s+up\s+(?:for|to)\b.*
      | subscribe(?:\s+(?:now|today|to\s+.*))?
      | related(?:\s+(?:articles?|stories|coverage|content|topics))?\s*:.*
      | related\s+(?:articles?|stories|coverage|content|topics)
      | (?:image|photo|video)\s*(?:source|credit|caption)?\s*:.*
      | skip\s+(?:to\s+)?(?:content|main\s+content|advertisement)
      | follow\s+us(?:\s+on\s+.*)?
      | (?:recommended|trending|most\s+popular|most\s+read|you\s+may\s+also\s+like)
      | copyright\b.*|©.*|all\s+rights\s+reserved\.?
      | click\s+here\b.*
      | (?:watch|listen)(?:\s+now)?\s*:?
    )[\s|•·.:]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_TAGS = re.compile(r"^\s*tags?\b", re.IGNORECASE)
_BLANKS = re.compile(r"\n{3,}")


def _is_furniture(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_FURNITURE:
        return False
    if _TAGS.match(stripped) and stripped[-1] in '.!?”"':
        return False  # a sentence that starts with "Tags", not a tag list
    return _FURNITURE.match(stripped) is not None


def clean_text(raw: str) -> str:
    """Normalise line endings and drop furniture lines; pure and idempotent."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    kept = [line for line in lines if not _is_furniture(line)]
    body = _BLANKS.sub("\n\n", "\n".join(kept)).strip("\n")
    return body + "\n" if body else ""
