"""The outcome of a need and what every provider considered hears about it (issue: the
procurement file, "Outcome"; docs/procurement.md).

Rules: a need has at most one outcome; recording it tells each provider whose solution stands
in one of the need's market exploration records exactly once — the chosen one that it won,
the others the town's reason (which the clerk sees and may edit first). An award that goes
into operation becomes one verified reference "aus Markterkundung".
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from catalog.models import Reference
from catalog.services import add_earned_reference
from core.services import log_action, notify
from matching.access import require_decider
from matching.models import Need
from matching.workflows import close_need

from .models import ExplorationEntry, MarketExploration
from .outcome_models import NeedOutcome, OutcomeNotice

# What recording an outcome does to the need (a need without a fitting solution stays open:
# the town is offered an innovation partnership for it).
CLOSES_WITH = {
    NeedOutcome.Kind.AWARD: Need.CloseReason.SOLVED,
    NeedOutcome.Kind.CANCELLED: Need.CloseReason.DROPPED,
}


@dataclass
class Considered:
    """A provider whose solutions stand in the need's records, with the reason the town gave
    for not considering them (from the newest record that has one)."""

    provider: object
    solutions: list = field(default_factory=list)
    reason: str = ""


def considered_providers(need):
    """Every provider in the need's frozen records, by name (one query)."""
    entries = (
        ExplorationEntry.objects.filter(exploration__need=need, provider__isnull=False)
        .select_related("provider")
        .order_by("-exploration__frozen_at", "-exploration__pk", "position")
    )
    found = {}
    for entry in entries:
        item = found.setdefault(entry.provider_id, Considered(entry.provider))
        title = entry.snapshot.get("title", "")
        if entry.solution_id and (entry.solution_id, title) not in item.solutions:
            item.solutions.append((entry.solution_id, title))
        if not item.reason and entry.verdict == ExplorationEntry.Verdict.NOT_CONSIDERED:
            item.reason = entry.verdict_reason
    return sorted(found.values(), key=lambda c: c.provider.name.casefold())


def _message(outcome, notice):
    need, town = outcome.need, outcome.need.organisation.name
    if notice.chosen:
        return _(
            "%(town)s has awarded the contract for “%(need)s” to your solution “%(solution)s”."
        ) % {
            "town": town,
            "need": need.title,
            "solution": outcome.solution_title,
        }
    lead = {
        NeedOutcome.Kind.AWARD: _(
            "%(town)s has awarded the contract for “%(need)s” to another solution."
        ),
        NeedOutcome.Kind.CANCELLED: _("%(town)s has cancelled the procedure for “%(need)s”."),
        NeedOutcome.Kind.NO_SOLUTION: _("%(town)s found no fitting solution for “%(need)s”."),
    }[outcome.kind] % {"town": town, "need": need.title}
    if notice.reason:
        lead += "\n\n" + _("The municipality's reason: %(reason)s") % {"reason": notice.reason}
    return lead


@transaction.atomic
def record_outcome(
    *, actor, need, kind, solution=None, contractor="", net_value=None, contract_date=None,
    term="", reason="", provider_reasons=None,
):  # fmt: skip
    """Record the need's outcome, close the need where it ends it, and notify each provider
    considered once. `provider_reasons`: provider pk → the reason the clerk confirmed."""
    require_decider(actor, need)
    need = Need.objects.select_for_update().select_related("organisation").get(pk=need.pk)
    if NeedOutcome.objects.filter(need=need).exists():
        raise ValidationError(_("The outcome of this need has already been recorded."))
    if kind == NeedOutcome.Kind.AWARD and solution is None and not contractor.strip():
        raise ValidationError(_("Name the solution or the contractor that won the award."))
    if kind == NeedOutcome.Kind.CANCELLED and not reason.strip():
        raise ValidationError(_("Give the reason why the procedure was cancelled."))
    outcome = NeedOutcome.objects.create(
        need=need,
        kind=kind,
        solution=solution,
        solution_title=solution.title if solution else "",
        provider_name=solution.provider.name if solution else contractor.strip(),
        net_value=net_value,
        contract_date=contract_date,
        term=term.strip(),
        reason=reason.strip(),
        recorded_by=actor,
    )
    provider_reasons = provider_reasons or {}
    chosen_provider = solution.provider_id if solution else None
    notices = OutcomeNotice.objects.bulk_create(
        [
            OutcomeNotice(
                outcome=outcome,
                provider=item.provider,
                chosen=item.provider.pk == chosen_provider,
                reason=""
                if item.provider.pk == chosen_provider
                else (provider_reasons.get(item.provider.pk) or outcome.reason).strip(),
            )
            for item in considered_providers(need)
        ]
    )
    _notify_providers(outcome, notices)
    if kind in CLOSES_WITH and need.status == Need.Status.OPEN:
        close_need(actor=actor, need=need, reason=CLOSES_WITH[kind], comment=outcome.reason)
    log_action(
        need,
        actor=actor,
        action="explorations.outcome.recorded",
        to_state=kind,
        comment=" – ".join(filter(None, [outcome.provider_name, outcome.reason])),
    )
    return outcome


def _notify_providers(outcome, notices):
    members = {}
    memberships = Membership.objects.active().filter(
        organisation__provider_profile__in=[n.provider for n in notices]
    )
    for m in memberships.select_related("user", "organisation__provider_profile"):
        members.setdefault(m.organisation.provider_profile.pk, []).append(m.user)
    url = reverse("explorations:provider_outcomes")
    subject = _("Outcome of “%(need)s”") % {"need": outcome.need.title}
    for notice in notices:
        notify(
            members.get(notice.provider_id, []),
            subject=subject,
            body=_message(outcome, notice),
            url=url,
            kind="outcome",
        )


@transaction.atomic
def confirm_award_reference(*, actor, outcome, year=None):
    """The awarded solution is in operation: the town confirms it as a verified reference
    "aus Markterkundung" — exactly once per outcome."""
    require_decider(actor, outcome.need)
    outcome = (
        NeedOutcome.objects.select_for_update(of=("self",))
        .select_related("need__organisation__municipality", "solution")
        .get(pk=outcome.pk)
    )
    if outcome.reference_id:
        return outcome.reference
    if outcome.kind != NeedOutcome.Kind.AWARD or outcome.solution is None:
        raise ValidationError(
            _("Only an award of a solution on the marketplace becomes a reference.")
        )
    municipality = outcome.need.organisation.municipality
    if municipality is None:
        raise ValidationError(
            _("Your organisation is not linked to a municipality of the register.")
        )
    reference = add_earned_reference(
        solution=outcome.solution,
        municipality=municipality,
        status=Reference.Status.FROM_EXPLORATION,
        year=year or timezone.localdate().year,
        summary=_("%(title)s (from a market exploration)") % {"title": outcome.need.title},
    )
    outcome.reference = reference
    outcome.save(update_fields=["reference"])
    log_action(
        outcome.need,
        actor=actor,
        action="explorations.outcome.reference_confirmed",
        comment=outcome.solution.slug,
    )
    return reference


def provider_record(profiles):
    """(number of market explorations the providers' solutions stood in, number of awards)."""
    explorations = (
        MarketExploration.objects.filter(entries__provider__in=profiles).distinct().count()
    )
    awards = NeedOutcome.objects.filter(
        kind=NeedOutcome.Kind.AWARD, solution__provider__in=profiles
    ).count()
    return explorations, awards


def notices_for(profiles):
    """The outcome notices the providers received, newest first, with the need and town."""
    return (
        OutcomeNotice.objects.filter(provider__in=profiles)
        .select_related("outcome__need__organisation", "provider")
        .order_by("-sent_at", "-pk")
    )
