"""Benchmarks and a data generator for the portal's list endpoints (not part of the test suite).

- ``python -m bench.generate``: fill a database with realistic needs and expert profiles.
- ``python -m bench.bench_lists``: time the need and expert lists on a scratch database.

See ``bench/README.md`` for the figures.
"""
