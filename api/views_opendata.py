"""/opendata/: the datasets for people (HTML) and machines (DCAT-AP.de JSON-LD), and the files."""

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

from .opendata import (
    LICENCE_NAMES,
    datasets,
    dcat_catalog,
    dcat_json,
    distribution_by_slug,
    timestamp,
)

JSONLD = "application/ld+json"


def _wants_jsonld(request):
    return request.GET.get("format") == "jsonld" or JSONLD in request.headers.get("Accept", "")


def _modified(modified):
    """A dataset's modified date for the page: the register has a reference date, the
    catalog the time of its newest change (HTML allows no microseconds in <time datetime>)."""
    if isinstance(modified, dt.datetime):
        iso, shown = modified.replace(microsecond=0).isoformat(), "SHORT_DATETIME_FORMAT"
    else:
        iso, shown = modified.isoformat() if modified else "", "SHORT_DATE_FORMAT"
    return {"modified": modified, "modified_iso": iso, "modified_format": shown}


def index(request):
    if _wants_jsonld(request):
        response = HttpResponse(dcat_json(), content_type=f"{JSONLD}; charset=utf-8")
        response["Access-Control-Allow-Origin"] = "*"
    else:
        found = datasets()
        modified = {d.slug: d.modified() for d in found}  # read once, for the page and JSON-LD
        items = [
            {"dataset": d, "licence_name": LICENCE_NAMES[d.licence], **_modified(modified[d.slug])}
            for d in found
        ]
        context = {"items": items, "jsonld": dcat_catalog(modified)}
        response = render(request, "api/opendata.html", context)
    # One URL, two representations chosen by Accept: a shared cache must keep both apart.
    patch_vary_headers(response, ["Accept"])
    return response


def download(request, filename):
    dataset, distribution = distribution_by_slug(filename)
    if distribution is None:
        raise Http404
    response = HttpResponse(distribution.build(), content_type=distribution.content_type)
    response["Content-Disposition"] = f'attachment; filename="{distribution.slug}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{dataset.licence}>; rel="license"'
    modified = dataset.modified()
    if modified:
        response["Last-Modified"] = http_date(timestamp(modified))
    return response
