# The project's entry points. `make run` and `make test` install what is missing first.
VENV ?= $(CURDIR)/.venv
PY := $(VENV)/bin/python
export VENV

.PHONY: setup run test bench lint format lock

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

# ruff over everything; mypy over the contract, the terminal core and the hub's core and queries.
lint: setup
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(PY) -m mypy

# Exact versions for every install (requirements/README.md): run, then `make test`, then commit.
lock: setup
	@for extra in kiosk hub dev; do \
		$(VENV)/bin/uv pip compile pyproject.toml --extra $$extra --python-platform linux \
			--python-version 3.11 --quiet --custom-compile-command "make lock" \
			-o requirements/$$extra.txt || exit 1; \
	done

format: setup
	@$(PY) -m ruff format .
	@$(PY) -m ruff check --fix .
