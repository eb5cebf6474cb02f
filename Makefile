# `make` builds the release binary and regenerates schema/ and exports/ from
# content/; `make test` runs every check CI runs.
CARGO ?= cargo
QBANK := target/release/qbank

.PHONY: all release schema exports test check-format clippy unit bench clean

all: release schema exports

release:
	$(CARGO) build --release --locked

schema: release
	$(QBANK) schema > schema/.qbank.schema.json.tmp
	mv schema/.qbank.schema.json.tmp schema/qbank.schema.json

exports: release
	$(QBANK) build content -o exports

test: check-format clippy unit

check-format:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --all-targets --locked -- -D warnings

unit:
	$(CARGO) test --locked

clean:
	$(CARGO) clean
