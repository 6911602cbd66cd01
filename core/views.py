"""Site-wide pages and endpoints: home, health check, robots.txt, error pages."""

import logging

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from activity.models import GCaMPPaper
from activity.pages import paper_coverage
from connectome.models import Dataset

from . import references
from .api import json_error
from .citations import cited
from .database import database_problem

logger = logging.getLogger(__name__)

ROBOTS_TXT = """\
User-agent: *
Disallow: /

User-agent: Googlebot
Allow: /
Disallow: /*/api/

User-agent: Bingbot
Allow: /
Disallow: /*/api/
"""


def index(request):
    """The home page: what the site offers."""
    return render(request, "core/index.html", {"n_datasets": Dataset.objects.count()})


def about(request):
    """Credits, the references of everything we serve (core/references.py, as /api/citations/
    answers them), the connectome datasets with their checksums, and the activity papers."""
    datasets = list(Dataset.objects.order_by("order"))
    for d in datasets:
        d.cites = [(c, references.SHORT.get(c)) for c in d.citation]
    papers = GCaMPPaper.objects.annotate(n_recordings=Count("datasets")).order_by("order")
    answer = cited(None)
    return render(request, "core/about.html",
                  {"datasets": datasets, "cited": answer["datasets"], "references": answer["references"],
                   "papers": papers})


def about_datasets(request):
    """One row per activity paper: recordings served, NeuroPAL, behaviour and encoding coverage,
    links to its recordings, its original repository and the download of its data."""
    rows = paper_coverage()
    cited = ",".join(r["paper"].paper_id for r in rows if r["n"] and r["paper"].paper_id in references.SOURCES)
    return render(request, "core/about_datasets.html", {"rows": rows, "cite_ids": cited})


def is_healthy(request):
    """OK (200) when the database opens and holds the connectome, else ERROR (500)."""
    problem = database_problem()
    if problem:
        logger.error("Health check: %s", problem)
    return HttpResponse("ERROR" if problem else "OK", status=500 if problem else 200, content_type="text/plain")


@require_GET
def robots_txt(request):
    return HttpResponse(ROBOTS_TXT, content_type="text/plain")


def _is_api(request) -> bool:
    return "/api/" in request.path


def page_not_found(request, exception=None):
    if _is_api(request):
        return json_error(f"No API endpoint at {request.path}.", 404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _is_api(request):
        return json_error("Internal error; it has been logged.", 500)
    return render(request, "500.html", status=500)
