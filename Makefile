# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
# `make run` serves on this port: PORT=8010 make run when 8000 is taken.
PORT ?= 8000

.PHONY: run test install lint migrate demo messages clean mutation

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# Development server on SQLite with Celery tasks run inline and demo data loaded.
run: export DJANGO_ENV = development
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Open http://127.0.0.1:$(PORT)/ and log in with one of the accounts above."
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The whole suite: SQLite unless DATABASE_URL is set (CI sets PostgreSQL and Redis).
test: export DJANGO_ENV = test
test: install
	@status=0; $(BIN)/pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$status

# Mutation testing of the rule modules (.ci/mutation.toml lists them and their tests): prints
# the share of mutants killed per module and fails under the threshold. GROUPS=workflow runs one.
mutation: install
	nice -n 10 $(BIN)/python .ci/mutation $(GROUPS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	DJANGO_ENV=test $(BIN)/python manage.py makemigrations --check --dry-run

messages: install
	DJANGO_ENV=development $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=static/vendor --ignore=var
	DJANGO_ENV=development $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/db.sqlite3 staticfiles
