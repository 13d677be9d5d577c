"""Benchmarks: `make bench` (see bench/run.py). Not tests: `make test` times nothing."""
