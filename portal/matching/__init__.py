"""Matching: who can meet a need, how well, and the best assignment for the whole region.

Pure functions over msgspec Structs, with no database or HTTP imports, so that they can be
tested with generated instances, benchmarked alone and replaced without touching the rest.
"""
