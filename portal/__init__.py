"""Samverkansportalen: cooperation between the public libraries of a Swedish region."""

__version__ = "0.1.0"
