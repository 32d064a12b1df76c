# Tovholder. `make run` serves the demo municipality; `make test` runs the whole test suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_CITIZENS ?= 400
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres test-browser lint bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 mangler ($(PYTHON))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tovholder migrate --verbosity 0
	$(BIN)/tovholder demo --citizens $(DEMO_CITIZENS) --seed 2016 --if-empty
	$(BIN)/tovholder receive_medcom  # MedCom notifications waiting in var/medcom/ind (the demo puts some there)
	$(BIN)/tovholder collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Tovholder kører på http://127.0.0.1:$(PORT)/  (stop med Ctrl+C)"
	@$(BIN)/tovholder logins
	@# background work (forecasts) runs in a worker beside the web server; it stops with it
	$(BIN)/tovholder db_worker --verbosity 0 & trap 'kill $$!' EXIT INT TERM; \
	$(BIN)/gunicorn -c python:tovholder.gunicorn_conf tovholder.wsgi --bind 127.0.0.1:$(PORT) --worker-class gthread --workers 2 --threads 8 \
		--access-logfile - --log-level warning

test: $(STAMP)
	bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf var .pytest_cache
