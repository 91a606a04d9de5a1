# maskmeme: `make run` starts the app, `make test` runs the whole suite offscreen.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test

.PHONY: run test lint bench clean venv system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/maskmeme

# Debian packages Qt needs offscreen; installs only what is missing (see the script).
system-deps:
	@bash packaging/system-deps.sh

test: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

# pyvips (with its own libvips wheel) is only the thumbnail benchmark's floor, never a dependency.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/render_export.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/startup.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/drag.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/typing_latency.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/playback.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/thumbnails.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/gallery_memory.py
	$(BIN)/python bench/faces.py
	$(BIN)/python bench/animation.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache

# ---- Desktop integration and bundles (packaging/README.md) ----
DIST_VENV  := build/dist-venv
DIST_STAMP := $(DIST_VENV)/.installed

.PHONY: install-desktop uninstall-desktop dist dist-smoke

# Menu entry, icons, the .maskmeme file type and a ~/.local/bin/maskmeme launcher that runs
# this checkout's .venv/bin/maskmeme, for the current user (XDG_DATA_HOME, ~/.local/share).
install-desktop: $(STAMP)
	$(PYTHON) packaging/linux/desktop_integration.py install --target "$(CURDIR)/$(BIN)/maskmeme"

uninstall-desktop:
	$(PYTHON) packaging/linux/desktop_integration.py uninstall

# A venv of its own, so the bundle is analysed without the test tools; maskmeme goes in
# editable, so the bundle is always built from the current source.
$(DIST_STAMP): pyproject.toml packaging/requirements-dist.txt
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DIST_VENV)/bin/python -m pip install --quiet -r packaging/requirements-dist.txt -e .
	touch $@

# The one-folder app in dist/maskmeme/ (PyInstaller, packaging/pyinstaller/maskmeme.spec).
dist: $(DIST_STAMP)
	$(DIST_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/pyinstaller/maskmeme.spec
	@du -sh dist/maskmeme

# The bundle runs on its own: a bare environment (no venv, no PYTHONPATH), headless commands
# (face finding included: OpenCV and the models), then the window offscreen until its first paint.
dist-smoke: dist
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	run() { env -i PATH=/usr/bin:/bin HOME="$$tmp" LANG=C.UTF-8 "$$@"; } && \
	run dist/maskmeme/maskmeme templates >/dev/null && \
	run dist/maskmeme/maskmeme render masked-face -o "$$tmp/meme.png" --top "dist smoke" && \
	test -s "$$tmp/meme.png" && \
	run dist/maskmeme/maskmeme faces --json tests/data/faces/astronaut.jpg >"$$tmp/faces.json" && \
	grep -q '"faces": \[{"box"' "$$tmp/faces.json" && \
	run QT_QPA_PLATFORM=offscreen dist/maskmeme/maskmeme --exit-after-startup && \
	echo "dist-smoke: dist/maskmeme works without the venv"
