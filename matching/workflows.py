"""What towns and providers do with matches: shortlist, challenges, saved searches, thesaurus.

Services follow the house style: keyword-only, atomic, permission checked here, audited.
Who may do what is asked of matching.access (`need_for_viewer`, `require_decider`, ...).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import is_member
from accounts.models import Membership, Organisation
from catalog.models import Solution, Status
from core import transitions
from core.services import log_action, notify

from .access import require_decider, require_saver
from .models import Need, NeedDecision, Proposal, SavedSearch
from .need_matches import excluded, store_matches, stored_results

MAX_CHALLENGE_NEEDS = 200


def _members(organisation):
    memberships = Membership.objects.active().filter(organisation=organisation)
    return [m.user for m in memberships.select_related("user")]


# --- Shortlist / dismiss ---------------------------------------------------------------------


def decisions_of(need):
    """solution pk → NeedDecision.Kind for the need."""
    return dict(need.decisions.values_list("solution_id", "kind"))


@transaction.atomic
def decide_on_solution(*, actor, need, solution, kind):
    """Shortlist or dismiss a published solution for a need; `kind=None` undoes the decision.

    Rule: only members of the need's town decide.
    """
    require_decider(actor, need)
    if kind not in (None, *NeedDecision.Kind.values):
        raise ValidationError(_("Unknown decision."))
    existing = NeedDecision.objects.select_for_update().filter(need=need, solution=solution).first()
    before = existing.kind if existing else ""
    if kind is None:
        if existing:
            existing.delete()
    elif existing:
        existing.kind, existing.decided_by = kind, actor
        existing.save(update_fields=["kind", "decided_by", "updated_at"])
    else:
        NeedDecision.objects.create(need=need, solution=solution, kind=kind, decided_by=actor)
    log_action(
        need,
        actor=actor,
        action="matching.need.decided",
        from_state=before,
        to_state=kind or "",
        comment=solution.slug,
    )


# --- Challenges (public needs, answered by providers) -----------------------------------------


def challenges_for(profiles, limit=50):
    """Open public needs that match the providers' published solutions (reverse matching).

    Returns [{"need", "solution", "score", "proposal"}], best match first. The rule is the need
    page's (need_matches.shown): a solution that fits and no hard requirement of the need
    excludes, among the need's stored top `limit`. Private needs never take part.
    """
    solutions = {s.pk: s for s in Solution.objects.published().filter(provider__in=profiles)}
    if not solutions:
        return []
    needs = list(
        Need.objects.public()
        .filter(status=Need.Status.OPEN)
        .select_related("organisation__municipality")[:MAX_CHALLENGE_NEEDS]
    )
    proposals = {
        p.need_id: p
        for p in Proposal.objects.filter(provider__in=profiles, need__in=[n.pk for n in needs])
    }
    results = stored_results(needs)
    found = []
    for need in needs:
        hits = results[need.pk].hits[:limit] if need.pk in results else []
        best = next(
            (
                h
                for h in hits
                if h["fits"]
                and h["solution"] in solutions
                and not excluded(need, solutions[h["solution"]])
            ),
            None,
        )
        if best:
            found.append(
                {
                    "need": need,
                    "solution": solutions[best["solution"]],
                    "score": best["score"],
                    "proposal": proposals.get(need.pk),
                }
            )
    found.sort(key=lambda c: -c["score"])
    return found


@transaction.atomic
def submit_proposal(*, actor, need, solution, text):
    """A provider answers a public need with one of its own published solutions.

    Rule: one proposal per provider and need (a second call edits it); private needs and
    foreign or unpublished solutions are refused. The town is notified of new proposals.
    """
    if not need.is_public:
        raise Http404
    own = is_member(actor, solution.provider.organisation)
    if not own or solution.status != Status.PUBLISHED:
        raise PermissionDenied
    proposal, created = Proposal.objects.select_for_update().get_or_create(
        need=need,
        provider=solution.provider,
        defaults={"solution": solution, "text": text, "author": actor},
    )
    if not created:
        proposal.solution, proposal.text, proposal.author = solution, text, actor
        proposal.save(update_fields=["solution", "text", "author", "updated_at"])
    log_action(
        proposal,
        actor=actor,
        action="matching.proposal.created" if created else "matching.proposal.edited",
    )
    if created:
        notify(
            _members(need.organisation),
            subject=_("New proposal for “%(need)s”") % {"need": need.title},
            body=_("%(provider)s proposes “%(solution)s”.")
            % {"provider": solution.provider.name, "solution": solution.title},
            url=need.get_absolute_url() + "#proposals",
            kind="proposal",
        )
    return proposal


@transaction.atomic
def rate_proposal(*, actor, proposal, rating, comment=""):
    """The town rates a proposal (1–5) with an optional comment; the provider is notified."""
    require_decider(actor, proposal.need)
    if rating not in range(1, 6):
        raise ValidationError(_("Choose a rating from 1 to 5."))
    before = str(proposal.rating or "")
    proposal.rating, proposal.rating_comment = rating, comment
    proposal.rated_by, proposal.rated_at = actor, timezone.now()
    proposal.save(update_fields=["rating", "rating_comment", "rated_by", "rated_at", "updated_at"])
    log_action(
        proposal,
        actor=actor,
        action="matching.proposal.rated",
        from_state=before,
        to_state=str(rating),
    )
    notify(
        _members(proposal.provider.organisation),
        subject=_("Your proposal for “%(need)s” was rated") % {"need": proposal.need.title},
        body=_("Rating: %(rating)s of 5.") % {"rating": rating}
        + (f"\n\n{comment}" if comment else ""),
        url=proposal.need.get_absolute_url(),
        kind="proposal",
    )
    return proposal


# --- Saved searches ------------------------------------------------------------------------


@transaction.atomic
def save_search(*, actor, name, query):
    require_saver(actor)
    saved, _created = SavedSearch.objects.get_or_create(
        user=actor, need=None, query=query, defaults={"name": name}
    )
    return saved


@transaction.atomic
def watch_need(*, actor, need):
    require_saver(actor)
    require_decider(actor, need)
    saved, _created = SavedSearch.objects.get_or_create(
        user=actor, need=need, defaults={"name": need.title}
    )
    return saved


@transaction.atomic
def delete_saved_search(*, actor, saved_search):
    if saved_search.user_id != actor.pk:
        raise Http404
    saved_search.delete()


# --- The town's own needs: edit, close, reopen, delete ------------------------------------------


@transaction.atomic
def create_need(*, actor, organisation, form):
    """A town member posts a need for their town (a bound, valid NeedForm); its matches are
    ranked and stored at once, so its page and the lists read them."""
    if organisation.kind != Organisation.Kind.MUNICIPALITY or not is_member(actor, organisation):
        raise PermissionDenied
    need = form.save(commit=False)
    need.organisation, need.author = organisation, actor
    need.save()
    form.save_m2m()
    log_action(need, actor=actor, action="matching.need.created", to_state=need.visibility)
    store_matches(need)
    return need


@transaction.atomic
def update_need(*, actor, need, form):
    """The town changes its need (a bound, valid NeedForm); changed fields are audited and its
    matches ranked and stored again."""
    require_decider(actor, need)
    changed = list(form.changed_data)
    need = form.save()
    log_action(need, actor=actor, action="matching.need.edited", changes={"fields": changed})
    store_matches(need)
    return need


# The need's state machine: (from, to) → who may (the deciders of the need, see require_decider).
NEED_TRANSITIONS = {
    (Need.Status.OPEN, Need.Status.CLOSED): None,
    (Need.Status.CLOSED, Need.Status.OPEN): None,
}


@transaction.atomic
def close_need(*, actor, need, reason, comment=""):
    """Rule: only an open need closes, with one of the reasons; it then leaves the
    challenges and alerts but stays readable with its matches."""
    require_decider(actor, need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    transitions.allowed(
        NEED_TRANSITIONS,
        need.status,
        Need.Status.CLOSED,
        message=_("This need is already closed."),
    )
    if reason not in Need.CloseReason.values:
        raise ValidationError(_("Choose a reason."))
    need.closed_reason, need.closed_comment = reason, comment.strip()
    need.closed_at = timezone.now()
    transitions.move(
        need,
        Need.Status.CLOSED,
        actor=actor,
        action="matching.need.closed",
        also=["closed_reason", "closed_comment", "closed_at"],
        comment=" – ".join(filter(None, [reason, need.closed_comment])),
    )
    return need


@transaction.atomic
def reopen_need(*, actor, need):
    require_decider(actor, need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    transitions.allowed(
        NEED_TRANSITIONS, need.status, Need.Status.OPEN, message=_("This need is open.")
    )
    need.closed_reason, need.closed_comment, need.closed_at = "", "", None
    transitions.move(
        need,
        Need.Status.OPEN,
        actor=actor,
        action="matching.need.reopened",
        also=["closed_reason", "closed_comment", "closed_at"],
    )
    store_matches(need)  # a closed need's matches are kept as they were; now ranked again
    return need


@transaction.atomic
def delete_need(*, actor, need):
    """The town deletes its need with its shortlist, proposals and alerts; a partnership
    started from it keeps running without the link. The audit row keeps the title."""
    require_decider(actor, need)
    log_action(
        need,
        actor=actor,
        action="matching.need.deleted",
        from_state=need.status,
        comment=need.title,
    )
    need.delete()
