"""quotesdb: who said what, where and when, and how to cite it."""
