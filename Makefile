# Two commands do all the set-up on a fresh Debian machine:
#   make demo   runs the main job on a bundled sample season (no mail server needed)
#   make test   runs the whole test suite (starts its own Dovecot, SMTP and PostgreSQL)

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := var/demo
# Tools the code calls (tesseract, antiword, pdftoppm) and the servers the tests start.
APT_RUN := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd poppler-utils antiword catdoc p7zip-full libarchive-tools fonts-dejavu-core
# chromium: the page's end-to-end tests drive Debian's browser through Playwright (which cannot fetch its own).
APT_TEST := $(APT_RUN) dovecot-imapd postgresql chromium

.PHONY: demo test system-run system-test

demo: system-run $(STAMP)
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/python -m samples $(DEMO)/season --size full --demo-config $(DEMO)/config.toml
	$(BIN)/baocao --config $(DEMO)/config.toml import $(DEMO)/season
	$(BIN)/baocao --config $(DEMO)/config.toml status --year 2021

# Three workers on two cores: a sixth of the suite's time is spent waiting on the servers and
# subprocesses the tests start, which a third worker fills.
test: system-test $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n 3 -q

system-run:
	@sh .ci/apt-install $(APT_RUN)

system-test:
	@sh .ci/apt-install $(APT_TEST)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)
