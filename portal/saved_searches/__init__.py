"""Saved searches: a list's filters kept under a name, with alerts of new matching records."""
