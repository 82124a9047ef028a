"""Reads for "Mein Bereich" (/konto/): the signed-in person's work, per role.

Every section is one query with a fixed row limit (the page links to the full list), so the
page costs the same number of queries however much work a person has. Lives in the dashboard
app at the top of the app graph: it reads from every domain, none imports it.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import is_office, organisations_of
from accounts.models import Membership, Organisation
from accounts.selectors import decidable_memberships
from catalog.models import ContactRequest, ProviderProfile, Reference, Solution, Standard, Status
from events.models import ProgrammeSlot, Registration, Workshop
from explorations.models import MarketExploration
from explorations.outcomes import provider_record
from legal.models import BarrierReport
from matching.models import Need, NeedDecision, Proposal, SavedSearch
from partnerships.models import Partnership

# Rows per section; each section links to the page that lists all of them.
SECTION_LIMIT = 10


def _rows(queryset):
    return list(queryset[:SECTION_LIMIT])


def town_work(user, towns):
    """A town member's work: needs, shortlist, contacts, searches, references, workshops."""

    town_ids = [o.pk for o in towns]
    register_ids = [o.municipality_id for o in towns if o.municipality_id]
    return {
        "needs": _rows(Need.objects.filter(organisation_id__in=town_ids)),
        "shortlist": _rows(
            NeedDecision.objects.filter(
                need__organisation_id__in=town_ids,
                kind=NeedDecision.Kind.SHORTLISTED,
                solution__status=Status.PUBLISHED,
            )
            .select_related("need", "solution__provider")
            .order_by("-updated_at", "-pk")
        ),
        "explorations": _rows(
            MarketExploration.objects.filter(organisation_id__in=town_ids).order_by(
                "-frozen_at", "-pk"
            )
        ),
        "contacts_sent": _rows(
            ContactRequest.objects.filter(sender=user).select_related("provider", "solution")
        ),
        "saved_searches": _rows(SavedSearch.objects.filter(user=user).select_related("need")),
        "references_to_confirm": _rows(
            Reference.objects.filter(
                municipality_id__in=register_ids, status=Reference.Status.CLAIMED
            )
            .select_related("solution__provider", "municipality")
            .order_by("-created_at", "-pk")
        ),
        "registrations": _rows(
            Registration.objects.filter(user=user, workshop__ends_at__gte=timezone.now())
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("workshop")
            .order_by("workshop__starts_at", "pk")
        ),
    }


def provider_work(user, providers):
    """A provider member's work: profile, solutions, requests, proposals, workshop slots."""

    provider_ids = [o.pk for o in providers]
    profiles = list(ProviderProfile.objects.filter(organisation_id__in=provider_ids))
    return {
        "profiles": profiles,
        # (market explorations the solutions stood in, awards)
        "explorations": provider_record(profiles),
        "solutions": _rows(
            Solution.objects.filter(provider__organisation_id__in=provider_ids).order_by(
                "-updated_at", "-pk"
            )
        ),
        "contacts_received": _rows(
            ContactRequest.objects.filter(
                provider__organisation_id__in=provider_ids
            ).select_related("sender_organisation", "solution")
        ),
        "proposals": _rows(
            Proposal.objects.filter(provider__organisation_id__in=provider_ids).select_related(
                "need__organisation", "solution"
            )
        ),
        "slots": _rows(
            ProgrammeSlot.objects.filter(
                provider__organisation_id__in=provider_ids,
                workshop__status__in=[Workshop.Status.PUBLISHED, Workshop.Status.DONE],
                workshop__ends_at__gte=timezone.now(),
            )
            .select_related("workshop", "solution")
            .order_by("workshop__starts_at", "starts_at", "pk")
        ),
        "invitations": _rows(
            Partnership.objects.invitations_for(user).select_related("municipality")
        ),
    }


def office_queues(pending_to_decide):
    """The office's queues with the number of open items, each for its own page."""

    solutions = Solution.objects.filter(status=Status.SUBMITTED).count()
    profiles = ProviderProfile.objects.filter(status=Status.SUBMITTED).count()
    return [
        (reverse("catalog:moderation"), _("Moderation queue"), solutions + profiles),
        (
            reverse("accounts:pending"),
            _("Membership requests"),
            pending_to_decide,
        ),
        (
            reverse("legal:reports"),
            _("Open barrier reports"),
            BarrierReport.objects.open().count(),
        ),
        (
            reverse("events:manage"),
            _("Programme applications for workshops"),
            ProgrammeSlot.objects.filter(status=ProgrammeSlot.Status.APPLIED).count(),
        ),
        (
            reverse("catalog:vocabularies"),
            _("Proposed standards and interfaces"),
            Standard.objects.filter(status=Standard.Status.PROPOSED).count(),
        ),
    ]


def dashboard_for(user):
    """Everything "Mein Bereich" shows for `user`, section by section."""

    towns = organisations_of(user, Organisation.Kind.MUNICIPALITY)
    providers = organisations_of(user, Organisation.Kind.PROVIDER)
    office = is_office(user)
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    partnerships = []
    if towns or providers:
        partnerships = _rows(
            Partnership.objects.visible_to(user).select_related("municipality", "provider")
        )
    pending_to_decide = decidable_memberships(user).count()
    return {
        "memberships": memberships,
        "pending_to_decide": pending_to_decide,
        "town": town_work(user, towns) if towns else None,
        "provider": provider_work(user, providers) if providers else None,
        "partnerships": partnerships,
        "office": office_queues(pending_to_decide) if office else None,
    }
