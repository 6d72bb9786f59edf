# The few targets people expect. Each installs what it needs first (uv, then the locked workspace).
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PYTEST_WORKERS ?= 2

.PHONY: run test lint format bench clean browser

run: .venv ## start the whole platform on this machine (embedded: no servers needed)
	$(UV) run dialog run

test: .venv browser ## the full test suite (needs PostgreSQL and RabbitMQ: see README)
	$(UV) run pytest -n $(PYTEST_WORKERS)

lint: .venv
	$(UV) run ruff check .
	$(UV) run ruff format --check .

format: .venv
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

bench: .venv ## benchmarks that print ratios (see bench/README.md)
	$(UV) run python bench/messaging.py
	$(UV) run python bench/notifications_reminders.py
	$(UV) run python bench/registrations_signup.py
	$(UV) run python bench/registrations_growth.py $(if $(QUICK),--quick)
	$(UV) run python bench/events_public_list.py
	$(UV) run python bench/embedded_start.py

.venv: pyproject.toml uv.lock shared/pyproject.toml $(wildcard services/*/pyproject.toml)
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch .venv

browser: ## Debian's chromium for the browser tests (Playwright never downloads its own), axe-core from npm
	@command -v chromium >/dev/null 2>&1 || { echo "installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -d tests/browser/node_modules/axe-core || \
		npm ci --silent --no-audit --no-fund --prefix tests/browser

clean:
	rm -rf .venv data
