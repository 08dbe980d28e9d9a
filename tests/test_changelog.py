"""The change-log consumer both projections share: gaps, batches, when to rebuild."""

from __future__ import annotations

from quotesdb.search import changelog


def _age(at: float) -> float:
    return at  # the tests give each change its age directly


def test_the_mark_waits_at_a_young_gap_and_passes_an_old_one() -> None:
    young = changelog.step([(1, 10, 0.0), (3, 11, 0.0), (4, 12, 0.0)], 0, _age)
    assert (young.mark, young.blocked, young.quotes) == (1, True, [10, 11, 12])
    old = changelog.step([(1, 10, 0.0), (3, 11, 900.0), (4, 12, 0.0)], 0, _age)
    assert (old.mark, old.blocked) == (4, False)


def test_consume_applies_batch_after_batch_until_the_log_ends() -> None:
    log = [(seq, seq * 10, 0.0) for seq in range(1, 8)]
    seen: list[tuple[list[int], int]] = []

    def fetch(after: int) -> list[changelog.Change]:
        return [c for c in log if c[0] > after][:3]

    mark, derived = changelog.consume(0, fetch, lambda s: seen.append((s.quotes, s.mark)), _age)
    assert (mark, derived) == (7, 7)
    assert [m for _q, m in seen] == [3, 6, 7]


def test_consume_stops_at_a_young_gap_with_the_quotes_after_it_applied() -> None:
    log: list[changelog.Change] = [(1, 10, 0.0), (2, 20, 0.0), (5, 50, 1.0)]
    applied: list[int] = []
    mark, _derived = changelog.consume(
        0, lambda after: [c for c in log if c[0] > after], lambda s: applied.extend(s.quotes), _age
    )
    assert mark == 2 and applied == [10, 20, 50]  # 50 again once the gap is filled or old


def test_a_rebuild_pays_only_when_far_behind() -> None:
    assert not changelog.rebuild_pays(100, 10, at_least=5000)
    assert not changelog.rebuild_pays(6000, 10_000, at_least=5000)
    assert changelog.rebuild_pays(6000, 1000, at_least=5000)
