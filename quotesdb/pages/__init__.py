"""Articles from the web: HTML pages, URLs and feeds, turned into what ingest stores.

`html` is pure (bytes in, article out); `fetch` talks HTTP; `feeds` lists a feed's links;
`inputs` turns command-line arguments into things to read.
"""
