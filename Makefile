# Newsroom — everything a developer or CI needs, from a machine with only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The server's address, which the site writes into its links unless NEWSROOM_SITE_URL is set.
SERVER_ADDRESS := NEWSROOM_SERVER_HOST=$(HOST) NEWSROOM_SERVER_PORT=$(PORT)
# `make run` mails to a real SMTP server on the loopback (aiosmtpd), which prints what it receives.
MAIL_PORT ?= 1025
DEV_MAIL := DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend EMAIL_HOST=127.0.0.1 EMAIL_PORT=$(MAIL_PORT)

.PHONY: run install serve test lint bench audit clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Newsroom is at http://$(HOST):$(PORT)/  —  admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Mail goes to an SMTP server on 127.0.0.1:$(MAIL_PORT), which prints it here."
	@echo ""
	$(BIN)/python -m aiosmtpd -n -l 127.0.0.1:$(MAIL_PORT) & mail=$$!; \
	$(SERVER_ADDRESS) $(DEV_MAIL) $(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker $$mail 2>/dev/null' EXIT INT TERM; \
	$(SERVER_ADDRESS) $(DEV_MAIL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	@echo "Mail leaves only while a worker runs beside the site: $(BIN)/python manage.py db_worker (README)."
	$(SERVER_ADDRESS) DJANGO_DEBUG=0 DJANGO_HTTPS=$${DJANGO_HTTPS:-0} $(BIN)/gunicorn newsroom.wsgi --bind $(HOST):$(PORT) \
		--workers $${WEB_CONCURRENCY:-4} --access-logfile - --forwarded-allow-ips=127.0.0.1 \
		--logger-class operations.log_privacy.GunicornLogger

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# A few minutes: page speed against a static file, on a throwaway archive (bench/run.py --help).
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Lighthouse (mobile) on the home page and an article, served as by `make serve` (bench/lighthouse.py).
audit: install node_modules/.package-lock.json
	$(BIN)/python bench/lighthouse.py $(AUDIT_ARGS)

# Browser checks only (axe-core for tests/e2e, Lighthouse): versions pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles node_modules
