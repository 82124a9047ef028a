"""Office page: the thesaurus groups the search uses besides the shipped data file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.access import require_office

from ..models import ThesaurusEntry
from ..thesaurus import ThesaurusEntryForm, save_entry


@login_required
def thesaurus(request, pk=None):
    require_office(request.user)
    entry = get_object_or_404(ThesaurusEntry, pk=pk) if pk else None
    form = ThesaurusEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        save_entry(actor=request.user, form=form)
        messages.success(request, _("Thesaurus saved. The search uses it from now on."))
        return redirect("matching:thesaurus")
    return render(
        request,
        "matching/thesaurus.html",
        {
            "form": form,
            "entry": entry,
            "entries": ThesaurusEntry.objects.select_related("created_by"),
        },
    )
