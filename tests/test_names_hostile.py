"""Invisible characters in names: they neither merge two names that look different nor
let one name pass for another."""

from __future__ import annotations

import json
import unicodedata

from conftest import Cli
from quotesdb.names import clean_name, norm_name


def test_invisible_characters_are_dropped_from_names_and_keys() -> None:
    assert clean_name("\u202eAnna\u200b Smith\u2066") == "Anna Smith"
    assert norm_name("Anna\u200bSmith") == "annasmith" != norm_name("Anna Smith")
    assert norm_name("\u200fAnna \u200dSmith\ufeff") == norm_name("Anna Smith")
    assert clean_name("Zoe\u0308 Brontë") == "Zoë Brontë"  # composed: one spelling stored


def _experts(cli: Cli) -> list[str]:
    return sorted(e["name"] for e in json.loads(cli.run("experts", "--json").stdout))


def test_names_that_look_different_stay_apart_and_none_masquerades(sqlite_cli: Cli) -> None:
    for n, speaker in enumerate(("Anna\u200bSmith", "Anna Smith", "\u202eAnna Smith\u202c")):
        done = sqlite_cli.run("add", f"Invisible remark {n}.", "--speaker", speaker, "--no-prompt")
        assert done.returncode == 0, done.stderr
    names = _experts(sqlite_cli)
    assert names == ["Anna Smith", "AnnaSmith"]
    assert not any(unicodedata.category(c) == "Cf" for name in names for c in name)
    profile = json.loads(sqlite_cli.run("expert", "Anna Smith", "--json").stdout)
    assert len(profile["quotes_list"]) == 2
