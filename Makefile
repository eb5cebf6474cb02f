# `make` builds the release binary, regenerates schema/ and exports/ from
# content/ and writes the man pages to target/man; `make test` runs every
# check CI runs.
CARGO ?= cargo
QBANK := target/release/qbank
# Anki's own importer, for the deck tests: a virtualenv, never a global install.
ANKI_VERSION := 26.9.3
ANKI_VENV := target/anki-venv
ANKI_PYTHON := $(ANKI_VENV)/bin/python
ANKI_STAMP := $(ANKI_VENV)/installed-$(ANKI_VERSION)
# pre-commit, for the hook tests (.pre-commit-hooks.yaml): its own virtualenv.
PRE_COMMIT_VERSION := 4.7.0
PRE_COMMIT_VENV := target/pre-commit-venv
PRE_COMMIT := $(PRE_COMMIT_VENV)/bin/pre-commit
PRE_COMMIT_STAMP := $(PRE_COMMIT_VENV)/installed-$(PRE_COMMIT_VERSION)

.PHONY: all release schema exports man test check-format clippy unit bench fuzz clean

all: release schema exports man

release:
	$(CARGO) build --release --locked

schema: release
	$(QBANK) schema > schema/.qbank.schema.json.tmp
	mv schema/.qbank.schema.json.tmp schema/qbank.schema.json

# The PDFs' build date: when content/ last changed in git, so that `make` is
# reproducible; SOURCE_DATE_EPOCH from the environment wins.
CONTENT_EPOCH := $(shell git log -1 --format=%ct -- content 2>/dev/null)

exports: release
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$(CONTENT_EPOCH)} $(QBANK) build content -o exports

# One page per command, generated from the same definitions as --help:
# `man -l target/man/qbank-lint.1`.
man: release
	$(QBANK) man target/man

test: check-format clippy unit

check-format:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --all-targets --locked -- -D warnings

unit: $(ANKI_STAMP) $(PRE_COMMIT_STAMP)
	QBANK_ANKI_PYTHON=$(abspath $(ANKI_PYTHON)) \
	QBANK_PRE_COMMIT=$(abspath $(PRE_COMMIT)) \
	$(CARGO) test --locked

# The stamp is written only after pip succeeded, so a failed install is retried.
$(ANKI_STAMP):
	python3 -m venv $(ANKI_VENV)
	$(ANKI_PYTHON) -m pip install --quiet --disable-pip-version-check anki==$(ANKI_VERSION)
	touch $@

$(PRE_COMMIT_STAMP):
	python3 -m venv $(PRE_COMMIT_VENV)
	$(PRE_COMMIT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check pre-commit==$(PRE_COMMIT_VERSION)
	touch $@

# Timings, not tests: BENCH_CORPUS=DIR (default content), BENCH_SYNTH=1,10,100
# for synthetic banks, BENCH_RUNS=N. See bench/README.md.
bench:
	python3 bench/run.py

# Fuzzing, not tests: every target in fuzz/ for FUZZ_SECONDS (default 60)
# each; FUZZ_TARGETS="parse read" picks some. Needs nightly and cargo-fuzz.
fuzz:
	fuzz/run.sh

clean:
	$(CARGO) clean
