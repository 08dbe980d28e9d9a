"""What the CLI writes is text, never terminal commands hidden in the archive's data.

A quote, a name or a title may hold escape sequences (from a page, an import, a paste):
written raw, they could set the clipboard (OSC 52), hide a link (OSC 8), clear the screen
or rewrite a line already shown. So everything the CLI writes passes `safe_text`: every
escape sequence and control character goes, but for newline and tab (and the carriage
return of a CSV line end). Rich's own colours are kept where Rich writes (`colours=True`),
after the data it draws was cleaned of every sequence (`CleanConsole.render_str`).
"""

from __future__ import annotations

import re
from typing import Any

# ESC and what follows it: CSI (ESC [ … final), OSC / DCS / SOS / PM / APC strings up to
# their terminator (BEL or ESC \), else the one character after it; the C1 controls; every
# other C0 control but tab and newline; a carriage return not ending a line; DEL.
_CONTROL = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|.)?"
    r"|[\x9b\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)",
    re.DOTALL,
)
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def safe_text(text: str, *, colours: bool = False) -> str:
    """`text` without escape sequences or control characters (SGR colours kept if asked)."""
    if colours:
        return _CONTROL.sub(lambda m: m[0] if _COLOUR.fullmatch(m[0]) else "", text)
    return _CONTROL.sub("", text)


def data_stream(stream: Any) -> Any:
    """Where an export goes: the stream itself, unfiltered, unless it is a terminal.

    An export piped to a file or to `import` must keep every character it stores; only
    a person's screen needs the protection (`export` to a terminal is still cleaned).
    """
    if isinstance(stream, SafeStream) and not stream.raw.isatty():
        return stream.raw
    return stream


class SafeStream:
    """A text stream whose writes pass `safe_text`; anything else goes to the stream."""

    def __init__(self, stream: Any, *, colours: bool = False) -> None:
        self.raw: Any = stream.raw if isinstance(stream, SafeStream) else stream
        self.colours = colours

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes with b"" for a binary stream
            raise TypeError("a text stream")
        self.raw.write(safe_text(text, colours=self.colours))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)
