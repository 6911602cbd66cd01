# WormWideWeb production image (README "Production"): the front-end libraries, the Python
# dependencies, and the database imported at build time, so the image carries its own
# read-only SQLite file. scripts/docker_dry_run.py performs these steps without Docker
# (tests/test_docker_build.py runs it); keep the two in step.

# Stage 1: browser libraries from the npm registry (package-lock.json), copied by `make static`.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
COPY Makefile package.json package-lock.json ./
RUN make static

# Stage 2: Python dependencies first (a layer that changes only with pyproject.toml), then the
# code, the data and the assets; the database is built and the static files collected.
FROM python:3.11-slim-bookworm AS app
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml Makefile ./
RUN make install
COPY manage.py gunicorn.conf.py ./
COPY wormwideweb wormwideweb
COPY core core
COPY connectome connectome
COPY activity activity
COPY neurons neurons
COPY atlas atlas
COPY templates templates
COPY data data
COPY --from=assets /app/static/vendor static/vendor
RUN make build
RUN DJ_DEBUG=0 DJ_SECRET_KEY=collectstatic-only DJ_ALLOWED_HOSTS=localhost .venv/bin/python manage.py collectstatic --noinput -v 0
RUN useradd --system --no-create-home wormwideweb
USER wormwideweb
ENV DJ_DEBUG=0 DJ_DB_BUILD=0 PORT=8000
EXPOSE 8000
CMD [".venv/bin/gunicorn", "-c", "gunicorn.conf.py", "wormwideweb.wsgi"]
