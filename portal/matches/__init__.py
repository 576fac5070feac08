"""Matches: a need and a provider (an expert or an offer), from proposal to completed work."""
