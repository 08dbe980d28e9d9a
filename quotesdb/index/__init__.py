"""The Whoosh search index: a projection of the database that catches up from its change log."""
