"""Market exploration records: freeze (from a need or a search), the record page with the
town's verdicts and the route check, close, correct, and the exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.access import need_for_viewer
from matching.models import Need
from partnerships.selectors import EXPLANATIONS, NOT_LEGAL_ADVICE

from . import exports, records, services
from .access import (
    can_edit,
    exploration_for_editor,
    exploration_for_viewer,
    require_recorder,
    visible_to,
)
from .forms import RouteInputForm, VerdictForm


def _refused(request, record, error, status=409):
    return render(
        request,
        "explorations/detail.html",
        {**_detail_context(request, record), "refusal": error.messages[0]},
        status=status,
    )


def _too_many(request, error, back):
    return render(
        request,
        "explorations/too_many.html",
        {"message": error.messages[0], "back": back},
        status=409,
    )


@require_POST
@login_required
def freeze_need(request, pk):
    need = need_for_viewer(request.user, pk, Need.objects.select_related("organisation"))
    try:
        record = services.freeze_need_matches(actor=request.user, need=need)
    except services.TooManyEntries as error:
        return _too_many(request, error, need.get_absolute_url() + "#matches")
    messages.success(request, _("The matches have been frozen in a market exploration record."))
    return redirect(record)


@require_POST
@login_required
def freeze_search(request):
    require_recorder(request.user)
    query = request.POST.get("query", "")[:2000]
    params = QueryDict(query)
    need = None
    if request.POST.get("need"):
        if not request.POST["need"].isdigit():
            raise Http404
        need = need_for_viewer(request.user, int(request.POST["need"]))
    try:
        record = services.freeze_search(actor=request.user, params=params, need=need)
    except services.TooManyEntries as error:
        return _too_many(request, error, "/loesungen/?" + params.urlencode())
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("/loesungen/?" + params.urlencode())
    messages.success(
        request, _("The search result has been frozen in a market exploration record.")
    )
    return redirect(record)


@login_required
def exploration_list(request):
    rows = (
        visible_to(request.user)
        .select_related("organisation")
        .annotate(entry_count=Count("entries"))
    )
    return render(request, "explorations/list.html", {"records": rows})


def _detail_context(request, record, verdict_form=None, route_form=None):
    entries = list(record.entries.all())
    editable = can_edit(request.user, record) and not record.is_closed
    return {
        "record": record,
        "entries": entries,
        "editable": editable,
        "can_correct": can_edit(request.user, record) and record.is_closed,
        "correction": getattr(record, "correction", None) if record.is_closed else None,
        "verdict_form": verdict_form or VerdictForm(entries=entries) if editable else None,
        "route_form": route_form or RouteInputForm(instance=record) if editable else None,
        "checks": records.route_checks(record),
        "changed_thresholds": records.changed_thresholds(record),
        "not_legal_advice": NOT_LEGAL_ADVICE,
        "explanations": EXPLANATIONS,
    }


def _record(user, pk):
    return exploration_for_viewer(user, pk)


@login_required
def exploration_detail(request, pk):
    record = _record(request.user, pk)
    return render(request, "explorations/detail.html", _detail_context(request, record))


@require_POST
@login_required
def verdicts(request, pk):
    record = exploration_for_editor(request.user, pk)
    if record.is_closed:
        return _refused(request, record, services.RecordClosed())
    form = VerdictForm(request.POST, entries=list(record.entries.all()))
    if form.is_valid():
        errors = services.check_verdicts(form.verdicts())
        for entry_pk, message in errors.items():
            form.add_error(f"reason-{entry_pk}", message)
    if not form.is_valid():
        return render(
            request,
            "explorations/detail.html",
            _detail_context(request, record, verdict_form=form),
            status=400,
        )
    services.record_verdicts(actor=request.user, record=record, verdicts=form.verdicts())
    messages.success(request, _("The verdicts have been saved."))
    return redirect(record.get_absolute_url() + "#entries")


@require_POST
@login_required
def route_input(request, pk):
    record = exploration_for_editor(request.user, pk)
    if record.is_closed:
        return _refused(request, record, services.RecordClosed())
    form = RouteInputForm(request.POST, instance=record)
    if not form.is_valid():
        record.refresh_from_db()
        return render(
            request,
            "explorations/detail.html",
            _detail_context(request, record, route_form=form),
            status=400,
        )
    services.update_route_input(actor=request.user, record=record, **form.cleaned_data)
    messages.success(request, _("The procurement route check has been updated."))
    return redirect(record.get_absolute_url() + "#procurement-heading")


@require_POST
@login_required
def close(request, pk):
    record = exploration_for_editor(request.user, pk)
    try:
        services.close_exploration(actor=request.user, record=record)
    except services.RecordClosed as error:
        return _refused(request, record, error)
    messages.success(request, _("The market exploration record is closed."))
    return redirect(record)


@require_POST
@login_required
def correct(request, pk):
    record = exploration_for_editor(request.user, pk)
    try:
        correction = services.start_correction(actor=request.user, record=record)
    except ValidationError as error:
        return _refused(request, record, error)
    messages.success(request, _("A new version has been created. Correct it and close it."))
    return redirect(correction)


@login_required
def export_pdf(request, pk):
    return exports.pdf_response(_record(request.user, pk))


@login_required
def export_csv(request, pk):
    return exports.table_response(_record(request.user, pk), "csv")


@login_required
def export_ods(request, pk):
    return exports.table_response(_record(request.user, pk), "ods")


@login_required
def export_json(request, pk):
    return exports.json_response(_record(request.user, pk))
