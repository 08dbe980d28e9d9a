"""Quote-extraction throughput on a synthetic corpus, plus a pathological input.

The corpus is article-like text (names, titles, appositives, quotes attributed before,
after and around the speaker); the pathological case is 5 MB of unbalanced marks on one
line, which a backtracking regex would never finish.
"""

from __future__ import annotations

import random
import statistics
import time

from quotesdb.extract import clean_text, extract_quotes

_FIRST = ["Anna", "Sergei", "Maria", "John", "Li", "Fatima", "Carlos", "Emma", "Yuki", "Omar"]
_LAST = ["Petrov", "Smith", "Garcia", "Chen", "Khan", "Muller", "Rossi", "Tanaka", "Haddad"]
_ROLES = [
    "a professor of economics at the University of Leeds",
    "a former adviser to the Ministry of Finance",
    "the chief executive of Northwind Group",
    "an analyst at the Institute for Policy Studies in Berlin",
]
_TEXT = (
    "the government plan would raise taxes on energy while markets remain volatile and "
    "officials in the capital expect further talks next week with regional partners"
)
_WORDS = _TEXT.split(" ")


def _sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(_WORDS, k=n)
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _article(rng: random.Random) -> str:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    name = f"{first} {last}"
    paras = [
        f"{_sentence(rng, 18)} {name}, {rng.choice(_ROLES)}, said the talks had stalled.",
        f"“{_sentence(rng, 12)[:-1]},” says {name}. “{_sentence(rng, 15)}”",
        f"{_sentence(rng, 25)} Officials called it a “{rng.choice(_WORDS)} plan.”",
        f"Mr. {last} told reporters: “{_sentence(rng, 20)}”",
        f"“{_sentence(rng, 10)}” — {name}, {rng.choice(_ROLES)}",
        f"{_sentence(rng, 30)} She added that the deal was “{_sentence(rng, 8)[:-1]}.”",
        "View caption Hide caption",
        f"{_sentence(rng, 40)} {_sentence(rng, 22)}",
    ]
    return "\n\n".join(paras) + "\n\nShare This Post\n"


def corpus(size: int, seed: int = 7) -> list[str]:
    """Articles totalling about size characters."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        art = _article(rng)
        out.append(art)
        total += len(art)
    return out


def pathological(size: int) -> str:
    """One line of unbalanced quotation marks of every kind between short words."""
    unit = '“ said “ he ” ‘ x ” " she said “ ’ “ Mr. X “ '
    return unit * (size // len(unit))


def run(size: int = 10_000_000, repeat: int = 3) -> dict[str, float]:
    """Median MB/s over the corpus, and seconds for the 5 MB pathological line."""
    articles = [clean_text(a) for a in corpus(size)]
    mb = sum(len(a.encode("utf-8")) for a in articles) / 1e6
    times = []
    quotes = 0
    for _ in range(repeat):
        start = time.perf_counter()
        quotes = sum(len(extract_quotes(a)) for a in articles)
        times.append(time.perf_counter() - start)
    bad = pathological(5_000_000)
    start = time.perf_counter()
    extract_quotes(clean_text(bad))
    bad_seconds = time.perf_counter() - start
    median = statistics.median(times)
    return {
        "corpus_mb": round(mb, 2),
        "quotes": float(quotes),
        "median_seconds": round(median, 3),
        "mb_per_second": round(mb / median, 2),
        "pathological_5mb_seconds": round(bad_seconds, 3),
    }


if __name__ == "__main__":
    r = run()
    print("| corpus | quotes | median | throughput | 5 MB unbalanced marks |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {r['corpus_mb']:.1f} MB | {r['quotes']:.0f} | {r['median_seconds']:.2f} s | "
        f"{r['mb_per_second']:.2f} MB/s | {r['pathological_5mb_seconds']:.2f} s |"
    )
