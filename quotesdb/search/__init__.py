"""The one place the rest of quotesdb talks to search.

`types` holds what a search asks and answers, engine-neutral; `backend` the protocol an
engine implements; `service` the calls the CLI and the web app make (search, get by id,
catch up after a write, rebuild, check); `changelog` the one consumer of the change log,
shared by the search index and the trace keys. The `whoosh` backend (`quotesdb/index/`)
is the default. Nothing here imports an engine until a call needs one, so `--help`
and commands that never search start without it.
"""
