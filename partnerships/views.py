from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import require_office
from core import spreadsheets
from core.services import history_of

from . import forms, services
from .access import (
    can_see_knowledge_pack,
    can_start_partnership,
    partnership_for_editor,
    partnership_for_viewer,
    partnership_or_invitation_for_viewer,
    require_starter_towns,
    sides_of,
)
from .models import DocumentVersion, Milestone, Partnership, Side, Stage, Threshold
from .selectors import (
    EXPLANATIONS,
    NOT_LEGAL_ADVICE,
    decision_log,
    partnership_detail_queryset,
    procurement_checks,
    timeline,
)

_STAGES = [
    (Stage.INITIATION.label, gettext_lazy(
        "The municipality describes the problem, sets goals and a budget and invites a provider "
        "from the marketplace.")),
    (Stage.RND.label, gettext_lazy(
        "Both develop and test the solution together, milestone by milestone.")),
    (Stage.EVALUATION.label, gettext_lazy(
        "The municipality scores the results against the agreed criteria.")),
    (Stage.PERFORMANCE.label, gettext_lazy(
        "If the solution meets the criteria, the municipality can use it in regular operation "
        "without a new tender.")),
]  # fmt: skip


def _list_queryset():
    return Partnership.objects.with_totals()


def partnership_list(request):
    """Everyone reads what an innovation partnership is; signed-in users also see their own
    partnerships and invitations (nothing private for anonymous visitors)."""
    if not request.user.is_authenticated:
        return render(request, "partnerships/list.html", {"anonymous": True, "stages": _STAGES})
    partnerships = _list_queryset().visible_to(request.user)
    invitations = Partnership.objects.invitations_for(request.user).select_related("municipality")
    can_start = can_start_partnership(request.user)
    return render(
        request,
        "partnerships/list.html",
        {
            "partnerships": partnerships,
            "invitations": invitations,
            "can_start": can_start,
            "stages": _STAGES,
            "anonymous": False,
        },
    )


def _need_for(request, municipalities):
    need_id = request.GET.get("need") or request.POST.get("need")
    if not need_id:
        return None
    from matching.models import Need

    try:
        return get_object_or_404(Need, pk=int(need_id), organisation__in=municipalities)
    except ValueError:
        raise Http404 from None


@login_required
def partnership_create(request):
    municipalities = require_starter_towns(request.user)
    need = _need_for(request, municipalities)
    initial = {"municipality": need.organisation if need else municipalities[0]}
    if need:
        initial.update(title=need.title, problem=need.description)
    form = forms.PartnershipCreateForm(
        request.POST or None, municipalities=municipalities, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.create_partnership(
                actor=request.user, need=need, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The partnership has been started."))
            return redirect(partnership)
    return render(request, "partnerships/create.html", {"form": form, "need": need})


@login_required
def partnership_detail(request, pk):
    partnership, invited = partnership_or_invitation_for_viewer(
        request.user, pk, partnership_detail_queryset()
    )
    if invited:  # before accepting: title and town, accept or decline, nothing else
        return render(request, "partnerships/invitation.html", {"p": partnership})
    sides = sides_of(request.user, partnership)
    context = {
        "p": partnership,
        "sides": sides,
        "is_municipality": Side.MUNICIPALITY in sides,
        "is_provider": Side.PROVIDER in sides,
        "can_see_knowledge_pack": can_see_knowledge_pack(request.user, partnership),
        "checks": procurement_checks(partnership),
        "explanations": EXPLANATIONS,
        "not_legal_advice": NOT_LEGAL_ADVICE,
        "timeline": timeline(partnership),
        "log": decision_log(partnership),
        "stages": Stage,
        "invite_form": forms.InviteForm(),
        "budget_form": forms.BudgetLineForm(),
        "criterion_form": forms.CriterionForm(),
        "milestone_form": forms.MilestoneForm(),
        "score_form": forms.ScoreForm(),
        "document_form": forms.DocumentForm(),
    }
    return render(request, "partnerships/detail.html", context)


@login_required
def partnership_edit(request, pk):
    partnership, fields = partnership_for_editor(request.user, pk, services.EDITABLE_FIELDS)
    form_class = forms.partnership_edit_form(fields)
    form = form_class(request.POST or None, instance=Partnership.objects.get(pk=partnership.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partnership(
                actor=request.user,
                partnership=partnership,
                data={name: form.cleaned_data[name] for name in fields},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(partnership)
    return render(request, "partnerships/edit.html", {"form": form, "p": partnership})


def _run(request, partnership, call):
    """Run a service for a small POST form; business-rule errors become messages."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect(partnership)


def _post_form(request, pk, form_class, call):
    partnership = partnership_for_viewer(request.user, pk)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect(partnership)
    return _run(request, partnership, lambda: call(partnership, form.cleaned_data))


@require_POST
@login_required
def invite(request, pk):
    return _post_form(
        request,
        pk,
        forms.InviteForm,
        lambda p, d: services.invite_provider(
            actor=request.user, partnership=p, provider=d["provider"]
        ),
    )


@require_POST
@login_required
def accept(request, pk):
    partnership, _invited = partnership_or_invitation_for_viewer(request.user, pk)
    return _run(
        request,
        partnership,
        lambda: services.accept_invitation(actor=request.user, partnership=partnership),
    )


@require_POST
@login_required
def decline(request, pk):
    partnership, _invited = partnership_or_invitation_for_viewer(request.user, pk)
    try:
        services.decline_invitation(actor=request.user, partnership=partnership)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(partnership)
    messages.success(request, _("You declined the invitation."))
    return redirect("partnerships:list")


@require_POST
@login_required
def budget_line_add(request, pk):
    return _post_form(
        request,
        pk,
        forms.BudgetLineForm,
        lambda p, d: services.add_budget_line(actor=request.user, partnership=p, **d),
    )


@require_POST
@login_required
def budget_line_remove(request, pk, line_pk):
    partnership = partnership_for_viewer(request.user, pk)
    line = get_object_or_404(partnership.budget_lines, pk=line_pk)
    return _run(
        request, partnership, lambda: services.remove_budget_line(actor=request.user, line=line)
    )


@require_POST
@login_required
def criterion_add(request, pk):
    return _post_form(
        request,
        pk,
        forms.CriterionForm,
        lambda p, d: services.add_criterion(actor=request.user, partnership=p, **d),
    )


@require_POST
@login_required
def criterion_score(request, pk, criterion_pk):
    partnership = partnership_for_viewer(request.user, pk)
    criterion = get_object_or_404(partnership.criteria, pk=criterion_pk)
    return _post_form(
        request,
        pk,
        forms.ScoreForm,
        lambda p, d: services.score_criterion(actor=request.user, criterion=criterion, **d),
    )


@require_POST
@login_required
def milestone_add(request, pk):
    return _post_form(
        request,
        pk,
        forms.MilestoneForm,
        lambda p, d: services.add_milestone(actor=request.user, partnership=p, **d),
    )


@require_POST
@login_required
def milestone_action(request, pk, milestone_pk, action):
    partnership = partnership_for_viewer(request.user, pk)
    milestone = get_object_or_404(Milestone, partnership=partnership, pk=milestone_pk)
    call = {"geliefert": services.deliver_milestone, "abgenommen": services.accept_milestone}
    if action not in call:
        raise Http404
    return _run(request, partnership, lambda: call[action](actor=request.user, milestone=milestone))


TRANSITION_VIEWS = {
    "fe-phase": (Stage.RND, forms.CommentForm, services.start_rnd),
    "evaluation": (Stage.EVALUATION, forms.CommentForm, services.start_evaluation),
    "leistungsphase": (Stage.PERFORMANCE, forms.PerformanceForm, services.enter_performance),
    "beenden": (Stage.TERMINATED, forms.TerminateForm, services.terminate),
}


@login_required
def transition(request, pk, to):
    """A stage change: a form page (reason for the log), then the transition service."""
    partnership = partnership_for_viewer(request.user, pk)
    if to not in TRANSITION_VIEWS:
        raise Http404
    stage, form_class, service = TRANSITION_VIEWS[to]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, partnership=partnership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The stage has been changed."))
            return redirect(partnership)
    return render(
        request,
        "partnerships/transition.html",
        {"p": partnership, "form": form, "target": stage},
    )


@require_POST
@login_required
def document_upload(request, pk):
    return _post_form(
        request,
        pk,
        forms.DocumentForm,
        lambda p, d: services.upload_document(
            actor=request.user, partnership=p, title=d["title"], upload=d["file"]
        ),
    )


@login_required
def document_download(request, pk, version_pk):
    """Documents only ever leave through here, after the visibility check."""
    partnership = partnership_for_viewer(request.user, pk)
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document"),
        pk=version_pk,
        document__partnership=partnership,
    )
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def office_overview(request):
    require_office(request.user)
    partnerships = _list_queryset().order_by("stage", "-created_at")
    if request.GET.get("format") == "csv":
        return _overview_csv(partnerships)
    by_stage = [(stage, [p for p in partnerships if p.stage == stage]) for stage in Stage]
    return render(request, "partnerships/office_overview.html", {"by_stage": by_stage})


def _overview_csv(partnerships):
    today = timezone.localdate()
    rows = []
    for p in partnerships:
        started = timezone.localtime(p.created_at).date()
        rows.append(
            [
                p.pk,
                p.title,
                p.get_stage_display(),
                p.municipality.name,
                p.provider.name if p.provider else "",
                p.rnd_budget(),
                p.instalments_total(),
                started,
                ((p.ended_on or today) - started).days,
                len(p.overdue_milestones()),
            ]
        )
    columns = [
        _("ID"),
        _("Title"),
        _("Stage"),
        _("Municipality"),
        _("Provider"),
        _("R&D budget (net, €)"),
        _("Instalments (net, €)"),
        _("Started"),
        _("Duration (days)"),
        _("Overdue milestones"),
    ]
    return spreadsheets.download("partnerschaften.csv", columns, rows)


@login_required
def threshold_list(request):
    require_office(request.user)
    return render(
        request,
        "partnerships/threshold_list.html",
        {
            "thresholds": Threshold.objects.order_by(
                "kind", "scope", "status", "-valid_from", "value"
            )
        },
    )


@login_required
def threshold_edit(request, pk=None):
    require_office(request.user)
    threshold = get_object_or_404(Threshold, pk=pk) if pk else None
    form = forms.ThresholdForm(request.POST or None, instance=threshold)
    if request.method == "POST" and form.is_valid():
        services.save_threshold(actor=request.user, form=form)
        messages.success(request, _("Saved."))
        return redirect("partnerships:thresholds")
    return render(
        request,
        "partnerships/threshold_form.html",
        {"form": form, "threshold": threshold, "log": history_of(threshold) if threshold else []},
    )
