"""Everything that changes a partnership. Keyword-only, atomic, logged (core.services)."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import filetype
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import is_member, require_office
from accounts.models import Membership, Organisation
from catalog.models import ProviderProfile, Reference
from catalog.services import check_upload_quota
from core import transitions
from core.services import log_action, notify
from core.templatetags.core_tags import euro

from .access import require_side, sides_of
from .models import (
    TRANSITIONS,
    BudgetLine,
    Criterion,
    Document,
    DocumentVersion,
    Milestone,
    Partnership,
    RouteCode,
    Side,
    Stage,
)

PLANNING_STAGES = (Stage.INITIATION, Stage.RND)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
ALLOWED_DOCUMENT_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "text/csv",
}


def _locked(partnership):
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


def _members(*organisations):
    ids = [o.pk for o in organisations if o is not None]
    return [
        m.user
        for m in Membership.objects.active().filter(organisation_id__in=ids).select_related("user")
    ]


def _require_stage(partnership, *stages):
    if partnership.stage not in stages:
        raise ValidationError(
            _("Not possible in the stage “%(stage)s”.") % {"stage": partnership.get_stage_display()}
        )


@transaction.atomic
def create_partnership(
    *, actor, municipality, title="", problem="", goals="", need=None, provider=None, solution=None
):
    """A municipality member starts a partnership, from scratch or from one of its needs."""
    if municipality.kind != Organisation.Kind.MUNICIPALITY or not is_member(actor, municipality):
        raise PermissionDenied
    if need is not None:
        if need.organisation_id != municipality.pk:
            raise PermissionDenied
        title = title or need.title
        problem = problem or need.description
    if not title.strip():
        raise ValidationError({"title": _("Please give a title.")})
    partnership = Partnership.objects.create(
        municipality=municipality, title=title.strip(), problem=problem, goals=goals
    )
    if solution is not None and (
        provider is None or solution.provider.organisation_id != provider.pk
    ):
        raise ValidationError(_("The solution must belong to the invited provider."))
    if need is not None or solution is not None:
        partnership.need, partnership.solution = need, solution
        partnership.save(update_fields=["need", "solution"])
    log_action(
        partnership,
        actor=actor,
        action="partnerships.partnership.created",
        to_state=Stage.INITIATION,
        comment=_("Started from the need “%(need)s”.") % {"need": need.title} if need else "",
    )
    if provider is not None:
        invite_provider(actor=actor, partnership=partnership, provider=provider)
    return partnership


@transaction.atomic
def invite_provider(*, actor, partnership, provider):
    """The municipality invites a provider organisation while the partnership is initiated."""
    partnership = _locked(partnership)
    require_side(actor, partnership, Side.MUNICIPALITY)
    _require_stage(partnership, Stage.INITIATION)
    if provider.kind != Organisation.Kind.PROVIDER:
        raise ValidationError({"provider": _("Please choose a provider organisation.")})
    partnership.provider = provider
    partnership.provider_accepted_at = None
    partnership.save(update_fields=["provider", "provider_accepted_at"])
    log_action(
        partnership, actor=actor, action="partnerships.partnership.invited", comment=provider.name
    )
    notify(
        _members(provider),
        subject=_("Invitation to an innovation partnership: %(title)s")
        % {"title": partnership.title},
        body=_("%(town)s invites your organisation to an innovation partnership.")
        % {"town": partnership.municipality.name},
        url=partnership.get_absolute_url(),
        kind="partnership.invited",
    )
    return partnership


def _require_invited(actor, partnership):
    if not (partnership.provider_id and is_member(actor, partnership.provider)):
        raise PermissionDenied
    _require_stage(partnership, Stage.INITIATION)
    if partnership.provider_accepted_at:
        raise ValidationError(_("The invitation has already been accepted."))


@transaction.atomic
def accept_invitation(*, actor, partnership):
    """A member of the invited provider accepts; only now the provider becomes a partner."""
    partnership = _locked(partnership)
    _require_invited(actor, partnership)
    partnership.provider_accepted_at = timezone.now()
    partnership.save(update_fields=["provider_accepted_at"])
    log_action(partnership, actor=actor, action="partnerships.partnership.accepted")
    return partnership


@transaction.atomic
def decline_invitation(*, actor, partnership):
    """A member of the invited provider declines: the partnership has no provider again and
    the municipality is told, so it can invite the right one."""
    partnership = _locked(partnership)
    _require_invited(actor, partnership)
    provider = partnership.provider
    partnership.provider = None
    partnership.save(update_fields=["provider"])
    log_action(
        partnership, actor=actor, action="partnerships.partnership.declined", comment=provider.name
    )
    notify(
        _members(partnership.municipality),
        subject=_("%(provider)s declined the invitation: %(title)s")
        % {"provider": provider.name, "title": partnership.title},
        url=partnership.get_absolute_url(),
        kind="partnership.declined",
    )
    return partnership


EDITABLE_FIELDS = {
    Stage.INITIATION: [
        "title",
        "problem",
        "goals",
        "test_area",
        "infrastructure",
        "test_duration",
        "data_protection",
        "ip_licence",
        "termination_rights",
        "scope",
        "procedure_start",
        "bonus_amount",
        "bonus_percent",
        "estimated_total_value",
    ],
    Stage.RND: [
        "test_area",
        "infrastructure",
        "test_duration",
        "data_protection",
        "ip_licence",
        "termination_rights",
        "estimated_total_value",
    ],
    Stage.EVALUATION: ["evaluation_decision", "estimated_total_value"],
    Stage.PERFORMANCE: ["special_conditions"],
}


@transaction.atomic
def update_partnership(*, actor, partnership, data):
    """The municipality edits the fields of the current stage; the budget must still cover
    the milestone instalments."""
    partnership = _locked(partnership)
    require_side(actor, partnership, Side.MUNICIPALITY)
    allowed = EDITABLE_FIELDS.get(partnership.stage, [])
    changes = {}
    for name, value in data.items():
        if name not in allowed:
            raise ValidationError(_("This field cannot be changed in the current stage."))
        if getattr(partnership, name) != value:
            changes[name] = [str(getattr(partnership, name)), str(value)]
            setattr(partnership, name, value)
    if partnership.bonus_amount is not None and partnership.bonus_percent is not None:
        raise ValidationError(_("Give the bonus either as an amount or as a percentage."))
    _check_instalments(partnership)
    partnership.save()
    if changes:
        log_action(
            partnership, actor=actor, action="partnerships.partnership.updated", changes=changes
        )
    return partnership


def _check_instalments(partnership, extra=Decimal("0")):
    """Milestone instalments may not exceed the R&D budget."""
    budget = partnership.rnd_budget()
    total = partnership.instalments_total() + extra
    if total > budget:
        raise ValidationError(
            _("The milestone instalments (%(total)s) would exceed the R&D budget (%(budget)s).")
            % {"total": euro(total), "budget": euro(budget)}
        )


@transaction.atomic
def add_budget_line(*, actor, partnership, description, amount):
    partnership = _locked(partnership)
    require_side(actor, partnership, Side.MUNICIPALITY)
    _require_stage(partnership, Stage.INITIATION)
    line = BudgetLine.objects.create(
        partnership=partnership, description=description, amount=amount
    )
    log_action(
        partnership,
        actor=actor,
        action="partnerships.budget.line_added",
        comment=f"{description}: {amount} €",
    )
    return line


@transaction.atomic
def remove_budget_line(*, actor, line):
    partnership = _locked(line.partnership)
    require_side(actor, partnership, Side.MUNICIPALITY)
    _require_stage(partnership, Stage.INITIATION)
    line.delete()
    partnership = Partnership.objects.get(pk=partnership.pk)
    _check_instalments(partnership)
    log_action(
        partnership,
        actor=actor,
        action="partnerships.budget.line_removed",
        comment=f"{line.description}: {line.amount} €",
    )


@transaction.atomic
def add_criterion(*, actor, partnership, title, target=""):
    partnership = _locked(partnership)
    require_side(actor, partnership, Side.MUNICIPALITY)
    _require_stage(partnership, *PLANNING_STAGES)
    criterion = Criterion.objects.create(partnership=partnership, title=title, target=target)
    log_action(partnership, actor=actor, action="partnerships.criterion.added", comment=title)
    return criterion


@transaction.atomic
def score_criterion(*, actor, criterion, score, comment=""):
    partnership = _locked(criterion.partnership)
    require_side(actor, partnership, Side.MUNICIPALITY)
    _require_stage(partnership, Stage.EVALUATION)
    if not 0 <= int(score) <= 5:
        raise ValidationError({"score": _("The score must be between 0 and 5.")})
    criterion.score, criterion.comment = int(score), comment
    criterion.save(update_fields=["score", "comment"])
    log_action(
        partnership,
        actor=actor,
        action="partnerships.criterion.scored",
        comment=f"{criterion.title}: {score}/5 {comment}".strip(),
    )
    return criterion


@transaction.atomic
def add_milestone(*, actor, partnership, title, due_on, deliverables="", instalment=Decimal("0")):
    """A milestone of the R&D phase; all instalments together stay within the budget."""
    partnership = _locked(partnership)
    require_side(actor, partnership, Side.MUNICIPALITY)
    _require_stage(partnership, *PLANNING_STAGES)
    _check_instalments(partnership, extra=instalment)
    milestone = Milestone.objects.create(
        partnership=partnership,
        title=title,
        due_on=due_on,
        deliverables=deliverables,
        instalment=instalment,
    )
    log_action(
        partnership,
        actor=actor,
        action="partnerships.milestone.added",
        comment=f"{title} ({due_on.isoformat()}, {instalment} €)",
    )
    return milestone


@transaction.atomic
def deliver_milestone(*, actor, milestone):
    """The provider reports the deliverables of a milestone as delivered."""
    partnership = _locked(milestone.partnership)
    require_side(actor, partnership, Side.PROVIDER)
    _require_stage(partnership, Stage.RND)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.delivered_at:
        raise ValidationError(_("This milestone has already been delivered."))
    milestone.delivered_at = timezone.now()
    milestone.save(update_fields=["delivered_at"])
    log_action(
        partnership, actor=actor, action="partnerships.milestone.delivered", comment=milestone.title
    )
    notify(
        _members(partnership.municipality),
        subject=_("Milestone delivered: %(title)s") % {"title": milestone.title},
        url=partnership.get_absolute_url(),
        kind="partnership.milestone_delivered",
    )
    return milestone


@transaction.atomic
def accept_milestone(*, actor, milestone, comment=""):
    """The municipality accepts a delivered milestone; its instalment becomes payable."""
    partnership = _locked(milestone.partnership)
    require_side(actor, partnership, Side.MUNICIPALITY)
    _require_stage(partnership, Stage.RND)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if not milestone.delivered_at:
        raise ValidationError(_("Only a delivered milestone can be accepted."))
    if milestone.accepted_at:
        raise ValidationError(_("This milestone has already been accepted."))
    milestone.accepted_at, milestone.accepted_by = timezone.now(), actor
    milestone.save(update_fields=["accepted_at", "accepted_by"])
    log_action(
        partnership,
        actor=actor,
        action="partnerships.milestone.accepted",
        comment=f"{milestone.title} {comment}".strip(),
    )
    return milestone


def _transition(*, actor, partnership, to, comment, fields=()):
    """Check the state machine and the entitled side, then move and log (caller is atomic).
    ``fields`` are the other fields the caller has set and that are saved with the move."""
    entitled = transitions.allowed(
        TRANSITIONS,
        partnership.stage,
        to,
        message=_("A partnership cannot move from “%(from)s” to “%(to)s”.")
        % {"from": partnership.get_stage_display(), "to": Stage(to).label},
    )
    require_side(actor, partnership, entitled)
    date_field = {
        Stage.RND: "rnd_started_on",
        Stage.EVALUATION: "evaluation_started_on",
        Stage.PERFORMANCE: "performance_started_on",
        Stage.TERMINATED: "ended_on",
    }[to]
    setattr(partnership, date_field, timezone.localdate())
    transitions.move(
        partnership,
        to,
        actor=actor,
        action="partnerships.partnership.stage_changed",
        field="stage",
        also=[date_field, *fields],
        comment=comment,
    )
    partner = partnership.provider if partnership.provider_accepted_at else None
    notify(
        [u for u in _members(partnership.municipality, partner) if u != actor],
        subject=_("%(title)s: now “%(stage)s”")
        % {"title": partnership.title, "stage": partnership.get_stage_display()},
        body=comment,
        url=partnership.get_absolute_url(),
        kind="partnership.transition",
    )
    return partnership


@transaction.atomic
def start_rnd(*, actor, partnership, comment=""):
    """Initiation → R&D: the provider has accepted, the problem, at least one success
    criterion and a budget are defined."""
    partnership = _locked(partnership)
    if TRANSITIONS.get((partnership.stage, Stage.RND)) is not None:
        require_side(actor, partnership, Side.MUNICIPALITY)
        problems = []
        if not partnership.provider_accepted_at:
            problems.append(_("The provider has not accepted the invitation yet."))
        if not partnership.problem.strip():
            problems.append(_("Describe the problem first."))
        if not partnership.criteria.exists():
            problems.append(_("Add at least one measurable success criterion."))
        if partnership.rnd_budget() <= 0:
            problems.append(_("Add the investment costs of the R&D phase."))
        if problems:
            raise ValidationError(problems)
    return _transition(actor=actor, partnership=partnership, to=Stage.RND, comment=comment)


@transaction.atomic
def start_evaluation(*, actor, partnership, comment=""):
    """R&D → evaluation, when at least one milestone exists."""
    partnership = _locked(partnership)
    if partnership.stage == Stage.RND:
        require_side(actor, partnership, Side.MUNICIPALITY)
        if not partnership.milestones.exists():
            raise ValidationError(_("Add at least one milestone first."))
    return _transition(actor=actor, partnership=partnership, to=Stage.EVALUATION, comment=comment)


@transaction.atomic
def enter_performance(
    *,
    actor,
    partnership,
    procurement_route,
    evaluation_decision,
    special_conditions="",
    marketing_consent=False,
    comment="",
):
    """Evaluation → regular operation: every criterion scored, a decision and a route.
    With marketing consent, a verified reference goes onto the provider's solution, once."""
    partnership = _locked(partnership)
    if partnership.stage == Stage.EVALUATION:
        require_side(actor, partnership, Side.MUNICIPALITY)
        problems = []
        if partnership.criteria.filter(score__isnull=True).exists():
            problems.append(_("Score every success criterion first."))
        if not evaluation_decision.strip():
            problems.append(_("Record the evaluation decision."))
        if procurement_route not in RouteCode.values:
            problems.append(_("Choose the procurement route."))
        if problems:
            raise ValidationError(problems)
    partnership.procurement_route = procurement_route
    partnership.evaluation_decision = evaluation_decision
    partnership.special_conditions = special_conditions
    partnership.marketing_consent = marketing_consent
    partnership = _transition(
        actor=actor,
        partnership=partnership,
        to=Stage.PERFORMANCE,
        comment=comment,
        fields=[
            "procurement_route",
            "evaluation_decision",
            "special_conditions",
            "marketing_consent",
        ],
    )
    if marketing_consent:
        add_reference(actor=actor, partnership=partnership)
    return partnership


@transaction.atomic
def terminate(*, actor, partnership, reason):
    """Either partner may end the partnership in any open stage, with a reason."""
    partnership = _locked(partnership)
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for the termination.")})
    partnership.termination_reason = reason.strip()
    return _transition(
        actor=actor,
        partnership=partnership,
        to=Stage.TERMINATED,
        comment=reason.strip(),
        fields=["termination_reason"],
    )


def add_reference(*, actor, partnership):
    """Exactly once: a verified reference on the provider's solution (a draft solution is
    created if the partnership has none). The caller holds the row lock."""
    from catalog import services as catalog_services

    if partnership.reference_added_at or not partnership.marketing_consent:
        return None
    if partnership.solution_id is None:
        partnership.solution = catalog_services.create_draft_solution(
            provider_org=partnership.provider,
            title=partnership.title,
            summary=partnership.problem or partnership.title,
            topics=[],
        )
    summary = _("%(summary)s (aus Innovationspartnerschaft)") % {
        "summary": partnership.evaluation_decision or partnership.title
    }
    reference = catalog_services.add_earned_reference(
        solution=partnership.solution,
        municipality=partnership.municipality.municipality,
        status=Reference.Status.FROM_PARTNERSHIP,
        year=timezone.localdate().year,
        summary=summary,
    )
    partnership.reference_added_at = timezone.now()
    partnership.save(update_fields=["solution", "reference_added_at"])
    log_action(
        partnership,
        actor=actor,
        action="partnerships.partnership.reference_added",
        comment=str(partnership.solution),
    )
    return reference


def detect_document_type(upload) -> str:
    """The content type by the file's content (never by its name); ValidationError if not
    one of PDF, office formats, images or CSV."""
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        mime = kind.mime
        if mime in ("application/zip", "application/x-ole-storage"):
            mime = ""
    else:
        mime = (
            "text/csv" if upload.name.lower().endswith(".csv") and _looks_like_csv(upload) else ""
        )
    if mime not in ALLOWED_DOCUMENT_TYPES:
        raise ValidationError(
            {"file": _("Only PDF, office documents, images and CSV files can be uploaded.")}
        )
    return mime


def _looks_like_csv(upload) -> bool:
    data = upload.read(65536)
    upload.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if "\x00" in text or not text.strip():
        return False
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return False
    return bool(rows)


def document_upload_usage(provider):
    """Bytes of the partnership documents the provider's members uploaded (its quota)."""
    members = Membership.objects.filter(organisation_id=provider.organisation_id)
    versions = DocumentVersion.objects.filter(uploaded_by__in=members.values("user_id"))
    return versions.aggregate(n=Sum("size"))["n"] or 0


@transaction.atomic
def upload_document(*, actor, partnership, title, upload):
    """A partner uploads a document; the same title adds a new version."""
    partnership = _locked(partnership)
    require_side(actor, partnership)
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    mime = detect_document_type(upload)
    if sides_of(actor, partnership) == {Side.PROVIDER}:  # the start-up's upload quota
        provider = (
            ProviderProfile.objects.select_for_update()
            .filter(organisation_id=partnership.provider_id)
            .first()
        )
        if provider is not None:
            check_upload_quota(provider, upload.size, field="file")
    document, _created = Document.objects.get_or_create(
        partnership=partnership, title=title.strip()
    )
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=upload.name[:200],
        content_type=mime,
        size=upload.size,
        uploaded_by=actor,
    )
    version.file.save(upload.name, upload, save=False)
    version.save()
    log_action(
        partnership,
        actor=actor,
        action="partnerships.document.uploaded",
        comment=f"{document.title} v{number} ({upload.name})",
    )
    return version


def save_threshold(*, actor, form):
    """Save the office's threshold form (new or edited) and record the changed fields."""
    require_office(actor)
    is_new = form.instance.pk is None
    changes = {
        name: [str(form.initial.get(name, "")), str(form.cleaned_data[name])]
        for name in form.changed_data
    }
    saved = form.save()
    log_action(
        saved,
        actor=actor,
        action="partnerships.threshold.created" if is_new else "partnerships.threshold.updated",
        changes=changes,
    )
    return saved


REMINDER_INTERVAL = timedelta(days=7)


def send_overdue_reminders(*, today=None) -> int:
    """E-mail both partners about each overdue milestone of an R&D phase, at most once a
    week per milestone (running twice on a day sends nothing new). Returns the count."""
    today = today or timezone.localdate()
    sent = 0
    candidates = Milestone.objects.filter(
        partnership__stage=Stage.RND, accepted_at__isnull=True, due_on__lt=today
    ).values_list("pk", flat=True)
    for pk in candidates:
        with transaction.atomic():
            milestone = (
                Milestone.objects.select_for_update(of=("self",))
                .select_related("partnership__municipality", "partnership__provider")
                .get(pk=pk)
            )
            if milestone.reminded_on and milestone.reminded_on > today - REMINDER_INTERVAL:
                continue
            partnership = milestone.partnership
            notify(
                _members(partnership.municipality, partnership.provider),
                subject=_("Overdue milestone: %(title)s") % {"title": milestone.title},
                body=_("The milestone “%(title)s” of “%(partnership)s” was due on %(due)s.")
                % {
                    "title": milestone.title,
                    "partnership": partnership.title,
                    "due": milestone.due_on.strftime("%d.%m.%Y"),
                },
                url=partnership.get_absolute_url(),
                kind="partnership.milestone_overdue",
            )
            milestone.reminded_on = today
            milestone.save(update_fields=["reminded_on"])
            sent += 1
    return sent
