"""Quotebank (EPFL's corpus of attributed news quotations) into quotesdb.

Each line: quoteID, quotation, speaker, qids, date, numOccurrences, probas, urls, phase.
Mapping: the speaker becomes an expert (lines attributed to "None" are skipped and counted),
the Wikidata ids become aliases `wikidata:Q…`, every url an article (outlet = the domain,
title = the url until a better one is ingested) holding the quote, the date its published
date, and the speaker's probability `Quote.probability`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotesdb.db.ingest import article_identity
from quotesdb.db.models import Article, ExpertAlias, Quote
from quotesdb.db.records import (
    expert_for,
    find_expert,
    outlet_for,
    stored_quote,
    text_key,
)
from quotesdb.names import norm_name


def domain_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def store_quotebank_line(
    session: Session, record: dict[str, Any], counts: dict[str, int], added: list[Quote]
) -> None:
    """Store one line; new quotes go to `added`, whose change rows the batch writes at once."""
    speaker = record.get("speaker")
    text = " ".join(str(record["quotation"]).split())
    if not speaker or speaker == "None" or not text:
        counts["skipped"] += 1
        return
    expert, created = expert_for(session, str(speaker))
    counts["experts"] += created
    for qid in record.get("qids") or []:
        alias = f"wikidata:{qid}"
        if find_expert(session, alias) is None:
            expert.aliases.append(ExpertAlias(alias=alias, norm_alias=norm_name(alias)))
    probability = next(
        (float(p) for name, p in record.get("probas") or [] if name == speaker), None
    )
    published = dt.date.fromisoformat(str(record["date"])[:10]) if record.get("date") else None
    key = text_key(text)
    for url in record.get("urls") or [None]:
        article = None
        if url:
            identity = article_identity(url, "")
            article = session.scalar(select(Article).where(Article.identity == identity))
            if article is None:
                domain = domain_of(url)
                article = Article(
                    identity=identity,
                    title=url,
                    url=url,
                    published=published,
                    outlet=outlet_for(session, domain, domain=domain),
                    origin=f"quotebank:{record.get('quoteID', '')}",
                )
                session.add(article)
                session.flush()
                counts["articles"] += 1
        if stored_quote(session, key, article, expert) is not None:
            counts["existing"] += 1
            continue
        quote = Quote(
            article=article,
            expert=expert,
            text=text,
            text_key=key,
            kind="full",
            origin="import",
            probability=probability,
        )
        session.add(quote)
        added.append(quote)
        counts["added"] += 1
