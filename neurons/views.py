"""The neuron pages: /connectome/neuron/<name>/ and the navigation bar's search target.

The page draws everything from the neuron API (api.py); the view hands its script the name,
its cells and the 3D atlas positions (json_script). An unknown name is a 404 page that
suggests close names.
"""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from connectome.catalog import catalog

from . import facts, partners
from .sources import SOURCES


def _not_found(request, name: str):
    close = facts.suggestions(name)
    return render(request, "404.html", {
        "message": f"There is no neuron or class named “{name[:60]}”." if name else "Type a neuron or class name.",
        "suggestions": [(reverse("neurons:page", args=[n]), n) for n in close],
        "link": (reverse("connectome:index"), "The connectome tools"),
    }, status=404)


@require_GET
def neuron(request, name: str):
    """Everything known about one cell (AVAL) or class (AVA)."""
    found = facts.resolve(name)
    if found is None:
        return _not_found(request, name)
    kind, name = found
    identity = facts.identity(name)
    info = catalog()
    return render(request, "neurons/neuron.html", {
        "name": name,
        "kind": kind,
        "identity": identity,
        "full_name": facts.search_text(name, kind),
        "page_data": {
            "name": name, "kind": kind, "cells": [c["name"] for c in identity["cells"]],
            "neuron_class": identity["neuron_class"], "groups": partners.groups(),
        },
        "atlas_positions": {cell: [*xyz, info.neurons[cell].neuron_class] for cell, xyz in facts.positions().items()},
        "sources": SOURCES,
    })


@require_GET
def lookup(request):
    """The search box's target: /connectome/neuron/?q=ADE opens the page of the best match."""
    query = request.GET.get("q", "").strip()[:100]
    if facts.resolve(query):
        return redirect("neurons:page", name=query)
    results = facts.search(query)
    if results:
        return redirect("neurons:page", name=results[0]["name"])
    return _not_found(request, query)
