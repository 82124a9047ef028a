"""The knowledge pack for a fair follow-up procurement (§ 7 VgV): the town marks documents
for all bidders and downloads one ZIP with an index PDF (partnerships.knowledge_pack)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import can_mark_for_bidders, partnership_for_knowledge_pack
from .knowledge_pack import (
    build_pack,
    index_hash,
    mark_for_all_bidders,
    pack_available,
    pack_files,
)


@login_required
def knowledge_pack(request, pk):
    partnership = partnership_for_knowledge_pack(request.user, pk)
    if request.method == "POST":
        try:
            mark_for_all_bidders(
                actor=request.user,
                partnership=partnership,
                document_ids=[i for i in request.POST.getlist("documents") if i.isdigit()],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The documents for all bidders have been saved."))
        return redirect("partnerships:knowledge_pack", pk=partnership.pk)
    files = pack_files(partnership) if pack_available(partnership) else []
    documents = partnership.documents.prefetch_related("versions")
    return render(
        request,
        "partnerships/knowledge_pack.html",
        {
            "p": partnership,
            "available": pack_available(partnership),
            "can_mark": can_mark_for_bidders(request.user, partnership),
            "documents": documents,
            "files": files,
            "index_hash": index_hash(files) if files else "",
        },
    )


@login_required
def knowledge_pack_zip(request, pk):
    partnership = partnership_for_knowledge_pack(request.user, pk)
    if not pack_available(partnership):
        raise Http404
    files = pack_files(partnership)
    if not files:
        messages.error(request, _("Mark at least one document for all bidders first."))
        return redirect("partnerships:knowledge_pack", pk=partnership.pk)
    response = HttpResponse(build_pack(partnership, files), content_type="application/zip")
    name = f"wissenspaket-partnerschaft-{partnership.pk}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
