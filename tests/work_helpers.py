"""Work measured in lines of Python run: unlike a stopwatch, a loaded machine cannot change
it, so a test can guard against quadratic blow-ups without timing anything (speed itself is
measured in bench/)."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import quotesdb

PACKAGE = str(Path(quotesdb.__file__).parent)
DIFFLIB = str(Path(difflib.__file__))


def lines_run(call: Callable[[], object], within: tuple[str, ...] = (PACKAGE,)) -> int:
    """Lines run inside the files under `within` (quotesdb's own by default) by `call()`."""
    count = 0

    def count_lines(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return count_lines

    def enter(frame: FrameType, event: str, arg: object) -> Any:
        return count_lines if frame.f_code.co_filename.startswith(within) else None

    sys.settrace(enter)
    try:
        call()
    finally:
        sys.settrace(None)
    return count
