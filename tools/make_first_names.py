"""Regenerate quotesdb/extract/first_names.py from the US Census 1990 first-name lists.

Provenance: the 1990 US Census "Frequently Occurring Names" files (dist.male.first, 1,219
names; dist.female.first, 4,275 names) are US Government works in the public domain. They
are read here from the copies shipped in the PyPI package `names` 0.3.0 (MIT licence), a
dev dependency. A name goes to the male or female list when that list's frequency is at
least three times the other's; otherwise to the unisex list.

    .venv/bin/python tools/make_first_names.py > quotesdb/extract/first_names.py
"""

from __future__ import annotations

import textwrap
from importlib.resources import files


def _read(name: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in files("names").joinpath(name).read_text().splitlines():
        parts = line.split()
        if parts:
            out[parts[0].lower()] = float(parts[1])
    return out


def main() -> None:
    male, female = _read("dist.male.first"), _read("dist.female.first")
    groups: dict[str, list[str]] = {"MALE_FIRST": [], "FEMALE_FIRST": [], "UNISEX_FIRST": []}
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        key = "MALE_FIRST" if m >= 3 * f else "FEMALE_FIRST" if f >= 3 * m else "UNISEX_FIRST"
        groups[key].append(name)
    print('"""First names of the 1990 US Census (public domain): tools/make_first_names.py."""')
    print()
    print("from __future__ import annotations")
    print()
    print("from quotesdb.extract.lexicon import words")
    for key, names in groups.items():
        body = textwrap.fill(" ".join(names), 92, initial_indent="    ", subsequent_indent="    ")
        print()
        print(f'{key} = words(\n    """\n{body}\n    """\n)')


if __name__ == "__main__":
    main()
