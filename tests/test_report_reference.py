"""The source report against a plain-Python count of the same random archives, both stores.

The report hands columns over as aggregated strings and groups them in numpy; ids with
gaps, undated and unsourced quotes, outlet-less articles and every option are drawn here,
so a misaligned column, a wrong id lookup or an off-by-one in a tie shows as a difference.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, text

from quotesdb.config import resolve
from quotesdb.db.reader import SessionRows
from quotesdb.db.session import make_engine, require_schema, transaction
from quotesdb.reports import sources
from quotesdb.reports.source_arrays import int_columns, with_pair
from quotesdb.reports.sources import (
    ALL_OUTLETS,
    NO_OUTLET,
    UNKNOWN,
    Period,
    ReportRow,
    TopicLeader,
    period_label,
    source_report,
)

NOW = dt.datetime(2026, 1, 1)
GENDERS = ("female", "male", "non-binary")
KINDS = ("academia", "government", "ngo")
COUNTRIES = ("DE", "US")


@dataclass(frozen=True)
class Archive:
    outlets: list[int]  # ids
    experts: dict[int, tuple[bool, str | None, str | None, str | None]]
    articles: dict[int, tuple[int | None, dt.date | None]]  # id: (outlet, published)
    quotes: list[tuple[int, int | None, int, list[int]]]  # (id, article, expert, topics)
    topics: list[int]


# Few days, on either side of a month, quarter and year boundary: groups fill up.
DAYS = [dt.date(2023, 3, 31), dt.date(2023, 4, 1), dt.date(2023, 12, 31), dt.date(2024, 1, 2)]


def _ids(draw: st.DrawFn, low: int, high: int) -> list[int]:
    """Ids with gaps, from 1 up to a million."""
    size = draw(st.integers(low, high))
    ids: list[int] = draw(
        st.lists(st.integers(1, 10**6), unique=True, min_size=size, max_size=size)
    )
    return ids


@st.composite
def archives(draw: st.DrawFn) -> Archive:
    outlets = _ids(draw, 1, 3)
    expert_ids = _ids(draw, 1, 8)
    experts = {
        e: (
            draw(st.booleans()),
            draw(st.none() | st.sampled_from(GENDERS)),
            draw(st.none() | st.sampled_from(KINDS)),
            draw(st.none() | st.sampled_from(COUNTRIES)),
        )
        for e in expert_ids
    }
    articles = {
        a: (draw(st.none() | st.sampled_from(outlets)), draw(st.none() | st.sampled_from(DAYS)))
        for a in _ids(draw, 0, 6)
    }
    topics = _ids(draw, 0, 3)
    quotes = [
        (
            q,
            draw(st.none() | st.sampled_from(sorted(articles))) if articles else None,
            draw(st.sampled_from(expert_ids)),
            draw(st.lists(st.sampled_from(topics), unique=True)) if topics else [],
        )
        for q in _ids(draw, 0, 40)
    ]
    return Archive(outlets, experts, articles, quotes, topics)


def store(engine: Engine, archive: Archive) -> None:
    with engine.begin() as conn:
        for table in ("quote_topics", "quotes", "articles", "topics", "experts", "outlets"):
            conn.execute(text(f"DELETE FROM {table}"))
        for o in archive.outlets:
            conn.execute(
                text("INSERT INTO outlets (id, name, norm_name) VALUES (:id, :name, :norm)"),
                {"id": o, "name": f"Outlet {o}", "norm": f"outlet {o}"},
            )
        for e, (person, gender, kind, country) in archive.experts.items():
            conn.execute(
                text(
                    "INSERT INTO experts (id, name, norm_name, is_person, created_at, gender, "
                    "affiliation_kind, country) VALUES (:id, :name, :norm, :person, :now, "
                    ":gender, :kind, :country)"
                ),
                {"id": e, "name": f"Expert {e}", "norm": f"expert {e}", "person": person}
                | {"now": NOW, "gender": gender, "kind": kind, "country": country},
            )
        for t in archive.topics:
            conn.execute(
                text("INSERT INTO topics (id, name, norm_name) VALUES (:id, :name, :norm)"),
                {"id": t, "name": f"topic{t}", "norm": f"topic{t}"},
            )
        for a, (outlet, published) in archive.articles.items():
            conn.execute(
                text(
                    "INSERT INTO articles (id, identity, outlet_id, title, published, language, "
                    "text_hash, ingested_at, updated_at) VALUES (:id, :identity, :outlet, "
                    ":title, :published, 'en', :hash, :now, :now)"
                ),
                {"id": a, "identity": f"id:{a}", "outlet": outlet, "title": f"A{a}"}
                | {"published": published, "hash": f"{a:064x}", "now": NOW},
            )
        for q, article, expert, topics in archive.quotes:
            conn.execute(
                text(
                    "INSERT INTO quotes (id, article_id, expert_id, text, text_key, kind, origin, "
                    "hand_edited, created_at, updated_at) VALUES (:id, :article, :expert, "
                    ":text, :key, 'full', 'import', false, :now, :now)"
                ),
                {"id": q, "article": article, "expert": expert, "text": f"q{q}"}
                | {"key": f"q{q}", "now": NOW},
            )
            for t in topics:
                conn.execute(
                    text(
                        "INSERT INTO quote_topics (quote_id, topic_id, source) VALUES (:q, :t, :s)"
                    ),
                    {"q": q, "t": t, "s": "hand"},
                )


def period_of(day: dt.date, by: Period) -> int:
    if by == "year":
        return day.year
    if by == "month":
        return day.year * 100 + day.month
    return day.year * 10 + (day.month + 2) // 3


def expected(
    archive: Archive,
    by: Period,
    outlets: list[int],
    since: dt.date | None,
    until: dt.date | None,
    total: bool,
    topics: int,
    leaders: int,
) -> tuple[list[ReportRow], list[TopicLeader], int]:
    """The report counted the slow, obvious way."""
    dated = [
        (q, archive.articles[a], e, ts)
        for q, a, e, ts in archive.quotes
        if a is not None and archive.articles[a][1] is not None
    ]
    first: dict[int, int] = {}
    for _q, (_o, day), e, _ts in dated:
        assert day is not None
        first[e] = min(first.get(e, 10**9), period_of(day, by))

    def in_scope(outlet: int | None, day: dt.date | None) -> bool:
        return (
            (not outlets or outlet in outlets)
            and (since is None or (day is not None and day >= since))
            and (until is None or (day is not None and day <= until))
        )

    scoped = [(o, day, e, ts) for _q, (o, day), e, ts in dated if in_scope(o, day)]
    groups: dict[tuple[int, int], Counter[int]] = defaultdict(Counter)
    for o, day, e, _ts in scoped:
        assert day is not None
        groups[(o or 0, period_of(day, by))][e] += 1
        if total and len({o or 0 for o, *_ in scoped}) > 1:
            groups[(-1, period_of(day, by))][e] += 1
    rows = []
    for (outlet, key), counts in groups.items():
        sources = list(counts)
        new = sum(1 for e in sources if first[e] == key)
        persons = sum(1 for e in sources if archive.experts[e][0])
        attributes: dict[str, dict[str, int]] = {}
        for position, name in enumerate(("gender", "affiliation_kind", "country"), 1):
            attributes[name] = dict(
                Counter(archive.experts[e][position] or UNKNOWN for e in sources)
            )
        name = {-1: ALL_OUTLETS, 0: NO_OUTLET}.get(outlet, f"Outlet {outlet}")
        rows.append(
            ReportRow(
                outlet=name,
                period=period_label(key, by),
                quotes=sum(counts.values()),
                sources=len(sources),
                top10_quotes=sum(sorted(counts.values(), reverse=True)[:3]),
                new_sources=new,
                repeat_sources=len(sources) - new,
                persons=persons,
                organisations=len(sources) - persons,
                attributes=attributes,
            )
        )
    rows.sort(key=lambda r: (r.period, r.outlet != ALL_OUTLETS, r.outlet.casefold()))
    by_topic: dict[int, Counter[int]] = defaultdict(Counter)
    for _o, _day, e, ts in scoped:
        for t in ts:
            by_topic[t][e] += 1
    chosen = sorted(by_topic, key=lambda t: (-sum(by_topic[t].values()), t))[:topics]
    found = [
        TopicLeader(
            f"topic{t}",
            sum(by_topic[t].values()),
            [
                (f"Expert {e}", n)
                for e, n in sorted(by_topic[t].items(), key=lambda en: (-en[1], en[0]))[:leaders]
            ],
        )
        for t in chosen
    ]
    undated = sum(
        1
        for _q, a, _e, _ts in archive.quotes
        if a is not None
        and archive.articles[a][1] is None
        and in_scope(archive.articles[a][0], None)
    )
    if not outlets and since is None and until is None:
        undated += sum(1 for _q, a, _e, _ts in archive.quotes if a is None)
    return rows, found, undated


@pytest.fixture
def engine(db_url: str, tmp_path: Path) -> Iterator[Engine]:
    made = make_engine(resolve(tmp_path, db_url))
    require_schema(made, create=True)
    yield made
    made.dispose()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    archive=archives(),
    by=st.sampled_from(["year", "quarter", "month"]),
    data=st.data(),
    total=st.booleans(),
    topics=st.integers(0, 3),
    leaders=st.integers(1, 3),
)
def test_report_gives_the_plain_count(
    monkeypatch: pytest.MonkeyPatch,
    engine: Engine,
    archive: Archive,
    by: Period,
    data: st.DataObject,
    total: bool,
    topics: int,
    leaders: int,
) -> None:
    monkeypatch.setattr(sources, "TOP", 3)  # the top's cut-off, within these small groups
    store(engine, archive)
    outlets = data.draw(st.lists(st.sampled_from(archive.outlets), unique=True, max_size=2))
    day = st.sampled_from([None, *DAYS]) | st.dates(dt.date(2023, 1, 1), dt.date(2024, 1, 31))
    since, until = data.draw(day), data.draw(day)
    with transaction(engine) as session:
        report = source_report(
            session,
            by=by,
            outlets=[f"Outlet {o}" for o in outlets],
            since=since,
            until=until,
            total=total,
            topics=topics,
            leaders=leaders,
        )
    rows, found, undated = expected(archive, by, outlets, since, until, total, topics, leaders)
    assert report.rows == rows
    assert report.topics == found
    assert report.undated_quotes == undated


def test_packed_pairs_and_plain_columns_agree(tmp_path: Path) -> None:
    """Two ids go over as one number while their bits fit; past 63 bits, as two columns."""
    engine = create_engine(f"sqlite:///{tmp_path / 'pairs.sqlite3'}")
    rows: list[dict[str, Any]] = [
        {"a": a, "b": b, "c": c} for a, b, c in [(5, 2**40, 7), (1, 3, 0), (2**22, 9, 2**20)]
    ]
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (a INTEGER, b INTEGER, c INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (:a, :b, :c)"), rows)
        db = SessionRows(conn)
        (a,) = int_columns(db, ["a"], "FROM t", {})
        for high_max in (2**40, 2**60):  # packed, then too wide to pack
            (single,), high, low = with_pair(
                db, ["a"], ("b", "c"), "FROM t", high_max=high_max, low_max=2**20
            )
            assert single.tolist() == a.tolist() == [r["a"] for r in rows]
            assert high.tolist() == [r["b"] for r in rows]
            assert low.tolist() == [r["c"] for r in rows]
        empty = int_columns(db, ["a"], "FROM t WHERE a < 0", {})
        assert empty[0].dtype == np.int64 and len(empty[0]) == 0
    engine.dispose()
