# Two commands set everything up on a fresh Debian 12 machine (root or sudo): see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run
.PHONY: run test bench

# Installs what is missing, migrates, loads the demo and serves http://127.0.0.1:8000.
run:
	@bash scripts/run.sh

# Same installs plus test tools, PostgreSQL and Redis; runs the whole suite. Extra pytest args: ARGS="-k x".
test:
	@bash scripts/test.sh $(ARGS)

# Times pages on generated data in PostgreSQL; prints a table and writes bench/results.json.
bench:
	@bash scripts/bench.sh $(ARGS)
