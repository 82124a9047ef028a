"""/opendata/: the datasets for people (HTML) and machines (DCAT-AP.de JSON-LD), and the files."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import http_date

from .opendata import LICENCE_NAMES, datasets, dcat_catalog, dcat_json, distribution_by_slug

JSONLD = "application/ld+json"


def _wants_jsonld(request):
    return request.GET.get("format") == "jsonld" or JSONLD in request.headers.get("Accept", "")


def index(request):
    if _wants_jsonld(request):
        response = HttpResponse(dcat_json(), content_type=f"{JSONLD}; charset=utf-8")
        response["Access-Control-Allow-Origin"] = "*"
        return response
    items = [
        {"dataset": d, "modified": d.modified(), "licence_name": LICENCE_NAMES[d.licence]}
        for d in datasets()
    ]
    response = render(request, "api/opendata.html", {"items": items, "jsonld": dcat_catalog()})
    response["Vary"] = "Accept"
    return response


def download(request, filename):
    dataset, distribution = distribution_by_slug(filename)
    if distribution is None:
        raise Http404
    response = HttpResponse(
        distribution.build(), content_type=f"{distribution.media_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{distribution.slug}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{dataset.licence}>; rel="license"'
    modified = dataset.modified()
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response
