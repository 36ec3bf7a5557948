"""Errors the storage layer reports to its callers in plain words."""


class DatabaseError(Exception):
    """The database cannot be opened or used; the message says why and what to do."""
