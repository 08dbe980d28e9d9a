"""The API's requests held to the declarations its OpenAPI description is written from.

The pages forgive a blank field (an empty form input is "not given"); the API says what
each parameter is, and a caller that sends something else (`format=`, `kind=`, a word
for a number, a parameter twice, a speaker longer than its column) hears so in a 400
naming it rather than getting an answer to another question. Values that pass are then
parsed by the same services as the pages. The declarations (quotesdb/web/inputs.py) are
both the check and the description, so the two cannot disagree.
"""

from __future__ import annotations

from typing import Any

from quotesdb import limits
from quotesdb.web.inputs import QUERIES, bodies


def check_query(path: str, params: Any) -> None:
    """InputError naming the first query parameter `path`'s GET does not allow.

    Parameters it does not declare are ignored, as the pages ignore them.
    """
    QUERIES[path].check(params)


def check_body(path: str, method: str, data: Any) -> None:
    """InputError naming the first place the body breaks its declaration (a type, a
    length at the limits in force, an unknown decision), before any service reads it."""
    _name, body = bodies(limits.current())[(path, method)]
    body.check(data)
