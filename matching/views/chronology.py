"""A need's dated chronology (Vergabevermerk building blocks): page, ODT and tagged PDF.
Only the need's town and the office see it (matching.access)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..access import need_for_chronology
from ..chronology import chronology_context, chronology_odt, chronology_pdf

FORMATS = {
    "odt": ("application/vnd.oasis.opendocument.text", chronology_odt),
    "pdf": ("application/pdf", chronology_pdf),
}


@login_required
def need_chronology(request, pk, fmt=None):
    need = need_for_chronology(request.user, pk)
    context = chronology_context(need)
    if fmt is None:
        return render(request, "matching/need_chronology.html", context)
    content_type, build = FORMATS[fmt]
    response = HttpResponse(build(context), content_type=content_type)
    name = f"vorhaben-{need.pk}-chronik-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
