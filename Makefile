# WormWideWeb: `make run` serves the site, `make test` runs every test (see README.md).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# Local defaults, so `make run` needs no environment; production sets its own (README).
RUN_ENV := DJ_DEBUG=$${DJ_DEBUG:-1}
BUILD_ENV := $(RUN_ENV) DJ_DB_BUILD=1
DEBIAN_TEST_PACKAGES := redis-server chromium curl bzip2

# Browser libraries (pinned in package.json + package-lock.json), served as our own files.
VENDOR_FILES := \
	bootstrap/dist/css/bootstrap.min.css bootstrap/dist/css/bootstrap.min.css.map \
	bootstrap/dist/js/bootstrap.bundle.min.js bootstrap/dist/js/bootstrap.bundle.min.js.map \
	bootstrap-icons/font/bootstrap-icons.min.css \
	bootstrap-icons/font/fonts/bootstrap-icons.woff2 bootstrap-icons/font/fonts/bootstrap-icons.woff \
	tom-select/dist/js/tom-select.complete.min.js tom-select/dist/js/tom-select.complete.min.js.map \
	tom-select/dist/css/tom-select.bootstrap5.min.css tom-select/dist/css/tom-select.bootstrap5.min.css.map \
	cytoscape/dist/cytoscape.min.js dagre/dist/dagre.min.js cytoscape-dagre/cytoscape-dagre.js \
	layout-base/layout-base.js cose-base/cose-base.js cytoscape-fcose/cytoscape-fcose.js \
	cytoscape-svg/cytoscape-svg.js plotly.js-cartesian-dist-min/plotly-cartesian.min.js \
	driver.js/dist/driver.js.mjs driver.js/dist/driver.css

.PHONY: run serve test build fetch-data static install install-test debian-test-packages bench bench-scale bench-pages bench-matrix bench-neurons bench-replay load fuzz clean

run: install static build
	$(RUN_ENV) DJ_DB_BUILD=0 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn (gunicorn.conf.py) with DJ_DEBUG=0 on the built database, static files
# collected (hashed, compressed). Needs DJ_SECRET_KEY and DJ_ALLOWED_HOSTS (README "Production").
serve: install static build
	DJ_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v 0
	DJ_DEBUG=0 DJ_DB_BUILD=0 $(BIN)/gunicorn -c gunicorn.conf.py wormwideweb.wsgi

# Lint first (ruff, configured in pyproject.toml): a violation fails `make test`. Then the JS unit
# tests of the pure page modules (tests/js/*.test.mjs, Node's built-in runner), then pytest.
test: install-test static debian-test-packages
	$(BIN)/ruff check .
	node --test tests/js/
	$(BIN)/python -m pytest

# Builds the database from data/ when it is missing, out of date or the data changed, and
# compiles the code's bytecode: a server then starts without compiling its ~90 modules (about
# 0.07 s), also where PYTHONDONTWRITEBYTECODE keeps Python from writing it (bench/README.md).
build: install
	$(BUILD_ENV) $(BIN)/python manage.py populate_db --if-needed
	$(BIN)/python -m compileall -q wormwideweb core connectome activity neurons atlas

# Every published recording, its labels and encoding, from the papers' Zenodo records into
# data/<paper_id>/ (README "All the published data"); `make run` then rebuilds the database with them.
fetch-data: install
	$(RUN_ENV) $(BIN)/python manage.py fetch_activity_data

# npm ci installs exactly the lock file; the chosen files are copied to static/vendor.
static: static/vendor/.copied
static/vendor/.copied: package.json package-lock.json Makefile
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor
	cd node_modules && cp --parents $(VENDOR_FILES) ../static/vendor/
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# Debian packages the tests need: a real Redis server, Chromium for browser tests.
debian-test-packages:
	@missing=""; for p in $(DEBIAN_TEST_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

bench: install build
	$(BIN)/python bench/connectome_api.py
	$(BIN)/python bench/activity_api.py
	$(BIN)/python bench/aligned_api.py
	$(BIN)/python bench/paths_multi_api.py

# All 91 recordings at their real sizes (synthetic, in a temporary folder): import, memory, page and API times.
bench-scale: install static
	$(BIN)/python bench/scale.py

# 8 clients for 60 s against gunicorn (bench/load.py); needs Debian's wrk.
load: install static build
	$(BIN)/python bench/load.py

# 10,000+ schemathesis requests against gunicorn, checked against the OpenAPI schema.
fuzz: install-test
	$(BIN)/python bench/fuzz.py

bench-pages: install-test static debian-test-packages
	$(BIN)/python bench/page_weight.py

# edge-diff of two whole connectomes (warm and computed) and the 100 x 100 matrix page in Chromium.
bench-matrix: install-test static debian-test-packages
	$(BIN)/python bench/matrix_diff.py

# The neuron API (cold and warm) and the neuron page's time to its tables, in Chromium.
bench-neurons: install-test static debian-test-packages
	$(BIN)/python bench/neuron_api.py

# The circuit replay's frame rate at 1x (all neurons, connected neurons), in headless Chromium.
bench-replay: install-test static debian-test-packages
	$(BIN)/python bench/replay_fps.py

bench-layers: install build
	$(BIN)/python bench/layers_api.py

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles db.sqlite3 db.sqlite3.building *.egg-info
