# The project's entry points. `make run` and `make test` install what is missing first.
VENV ?= $(CURDIR)/.venv
PY := $(VENV)/bin/python
export VENV

.PHONY: setup run test bench lint format

setup:
	@bash deploy/dev/setup.sh

run: setup
	@bash deploy/dev/run.sh

# pytest exits 5 when it collected nothing: that is a broken run, never a green one.
test: setup
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests - treating as failure"; exit 1; fi; \
	exit $$rc

bench: setup
	@$(PY) -m bench

lint: setup
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .

format: setup
	@$(PY) -m ruff format .
	@$(PY) -m ruff check --fix .
