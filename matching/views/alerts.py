"""Saved searches and watched needs under "Mein Konto", and saving the current search."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..access import require_saver
from ..models import SavedSearch
from ..workflows import delete_saved_search, save_search


class SaveSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the search"), max_length=200, required=False)
    query = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)

    def clean_query(self):
        params = QueryDict(self.cleaned_data["query"], mutable=True)
        params.pop("page", None)
        return params.urlencode()

    def clean(self):
        data = super().clean()
        if not data.get("name"):
            words = QueryDict(data.get("query", "")).get("q", "").strip()
            data["name"] = (
                _("Search: %(words)s") % {"words": words} if words else _("All solutions")
            )
        return data


@login_required
def saved_search_list(request):
    require_saver(request.user)
    searches = SavedSearch.objects.filter(user=request.user).select_related("need")
    return render(request, "matching/saved_searches.html", {"searches": searches})


@require_POST
@login_required
def saved_search_create(request):
    require_saver(request.user)
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The search could not be saved."))
        return redirect("matching:search")
    saved = save_search(actor=request.user, **form.cleaned_data)
    messages.success(
        request,
        _("Search “%(name)s” saved. You will get an e-mail when new solutions match it.")
        % {"name": saved.name},
    )
    return redirect("matching:saved_searches")


@require_POST
@login_required
def saved_search_delete(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    delete_saved_search(actor=request.user, saved_search=saved)
    messages.success(request, _("Deleted."))
    return redirect("matching:saved_searches")
