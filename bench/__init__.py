"""Benchmarks of the build, the search, the finder and `make serve`: `make bench` runs them (python -m bench.run)."""
