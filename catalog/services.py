"""Everything that changes catalog state. Views and commands call these, nothing else does."""

from email.utils import formataddr

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import is_member, is_office, organisations_of
from accounts.models import Organisation, unique_slug
from core import transitions
from core.services import absolute_url, log_action, notify

from .models import (
    ContactRequest,
    ProviderProfile,
    Reference,
    Solution,
    SolutionDocument,
    SolutionImage,
    Standard,
    Status,
    Topic,
)
from .signals import announce_after_commit, solution_changed

# Allowed lifecycle transitions: (from, to) → who may do it.
PROVIDER, OFFICE = "provider", "office"
TRANSITIONS = {
    (Status.DRAFT, Status.SUBMITTED): PROVIDER,
    (Status.CHANGES_REQUESTED, Status.SUBMITTED): PROVIDER,
    (Status.SUBMITTED, Status.DRAFT): PROVIDER,  # withdraw the submission to edit again
    (Status.SUBMITTED, Status.PUBLISHED): OFFICE,
    (Status.SUBMITTED, Status.CHANGES_REQUESTED): OFFICE,
    (Status.SUBMITTED, Status.REJECTED): OFFICE,
    (Status.PUBLISHED, Status.ARCHIVED): PROVIDER,
    (Status.PUBLISHED, Status.CHANGES_REQUESTED): OFFICE,
    (Status.ARCHIVED, Status.DRAFT): PROVIDER,
}


def _audit_kind(obj):
    return "provider" if isinstance(obj, ProviderProfile) else "solution"


def _provider_org(obj):
    return obj.organisation if isinstance(obj, ProviderProfile) else obj.provider.organisation


def check_transition(obj, to_status, actor):
    """Raises ValidationError for a transition that does not exist, PermissionDenied for a
    user who is not entitled to it (office for moderation, provider members for their own)."""
    side = transitions.allowed(
        TRANSITIONS,
        obj.status,
        to_status,
        message=_("This step is not possible from the status “%(status)s”.")
        % {"status": obj.get_status_display()},
    )
    if side == OFFICE and not is_office(actor):
        raise PermissionDenied
    if side == PROVIDER and not (is_member(actor, _provider_org(obj)) or is_office(actor)):
        raise PermissionDenied


@transaction.atomic
def transition(obj, to_status, *, actor, comment=""):
    """Move a profile or solution along its lifecycle, log it, and tell who needs to know."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    check_transition(obj, to_status, actor)
    if to_status in (Status.CHANGES_REQUESTED, Status.REJECTED) and not comment.strip():
        raise ValidationError(_("Please say what should change."))
    also = ["updated_at"]
    if to_status == Status.PUBLISHED and isinstance(obj, Solution) and not obj.published_at:
        obj.published_at = timezone.now()
        also.append("published_at")
    from_status = transitions.move(
        obj,
        to_status,
        actor=actor,
        action=f"catalog.{_audit_kind(obj)}.status_changed",
        also=also,
        comment=comment,
    )
    _notify_transition(obj, from_status, to_status, comment)
    if isinstance(obj, Solution) and Status.PUBLISHED in (from_status, to_status):
        transaction.on_commit(lambda: solution_changed.send(sender=Solution, solution=obj))
    return obj


def _notify_transition(obj, from_status, to_status, comment):
    members = [m.user for m in _provider_org(obj).memberships.active().select_related("user")]
    if to_status == Status.SUBMITTED:
        office = Organisation.objects.offices().first()
        staff = [m.user for m in office.memberships.active()] if office else []
        notify(staff, subject=_("Submitted for review: %(name)s") % {"name": obj},
               url="/geschaeftsstelle/moderation/", kind="moderation")  # fmt: skip
    elif to_status == Status.PUBLISHED:
        notify(members, subject=_("Published: %(name)s") % {"name": obj},
               url=obj.get_absolute_url(), kind="moderation")  # fmt: skip
    elif to_status in (Status.CHANGES_REQUESTED, Status.REJECTED):
        subject = (
            _("Changes requested: %(name)s")
            if to_status == Status.CHANGES_REQUESTED
            else _("Not accepted: %(name)s")
        ) % {"name": obj}
        notify(members, subject=subject, body=comment, url=obj.get_absolute_url(),
               kind="moderation")  # fmt: skip


def count_view(obj):
    """One more view of a published solution or provider page (one UPDATE, no read)."""
    type(obj).objects.filter(pk=obj.pk).update(view_count=F("view_count") + 1)


def provider_profile_for(organisation):
    """The organisation's profile, created (draft) on first use."""
    profile, _created = ProviderProfile.objects.get_or_create(
        organisation=organisation, defaults={"name": organisation.name}
    )
    return profile


@transaction.atomic
def create_draft_solution(*, provider_org, title, summary, topics=(), actor=None):
    """A new draft solution of `provider_org` (also used when a partnership has none)."""
    solution = Solution.objects.create(
        provider=provider_profile_for(provider_org), title=title, summary=summary[:300]
    )
    if topics:
        solution.topics.set(topics)
    log_action(solution, actor=actor, action="catalog.solution.created", to_state=solution.status)
    return solution


@transaction.atomic
def add_earned_reference(*, solution, municipality, status, year, summary):
    """The verified reference a town earns for a solution through the platform (a completed
    innovation partnership, an award in operation). Idempotent per solution, town and source."""
    reference, created = Reference.objects.get_or_create(
        solution=solution,
        municipality=municipality,
        status=status,
        defaults={"year": year, "summary": summary},
    )
    if created:
        log_action(
            solution,
            actor=None,
            action="catalog.solution.reference_earned",
            to_state=status,
            changes={"municipality": municipality.ags},
        )
        if solution.is_published:
            transaction.on_commit(lambda: solution_changed.send(sender=Solution, solution=solution))
    return reference


@transaction.atomic
def claim_reference(*, actor, solution, municipality, year=None, summary=""):
    """A provider names a town that uses its solution; the town is asked to confirm."""
    if not (is_member(actor, solution.provider.organisation) or is_office(actor)):
        raise PermissionDenied
    # One open or verified reference per solution and town: no duplicates, no notice spam.
    Solution.objects.select_for_update().filter(pk=solution.pk).first()
    if (
        Reference.objects.filter(solution=solution, municipality=municipality)
        .exclude(status=Reference.Status.REJECTED)
        .exists()
    ):
        raise ValidationError(_("This municipality is already named as a reference."))
    reference = Reference.objects.create(
        solution=solution, municipality=municipality, year=year, summary=summary, created_by=actor
    )
    log_action(
        reference, actor=actor, action="catalog.reference.claimed", to_state=reference.status
    )
    town = getattr(municipality, "organisation", None) if hasattr(municipality, "pk") else None
    if town is not None:
        notify([m.user for m in town.memberships.active().select_related("user")],
               subject=_("Please confirm a reference: %(solution)s") % {"solution": solution},
               url="/referenzen/bestaetigen/", kind="reference")  # fmt: skip
    return reference


@transaction.atomic
def state_reference(*, actor, solution, place_name, state="", country="", year=None, summary=""):
    """A provider names a place outside the register: shown as stated, never verified."""
    if not (is_member(actor, solution.provider.organisation) or is_office(actor)):
        raise PermissionDenied
    Solution.objects.select_for_update().filter(pk=solution.pk).first()
    place_name, state, country = place_name.strip(), state.strip(), country.strip()
    if Reference.objects.filter(
        solution=solution,
        status=Reference.Status.STATED,
        place_name__iexact=place_name,
        state__iexact=state,
        country__iexact=country,
    ).exists():
        raise ValidationError(_("This place is already named as a reference."))
    reference = Reference.objects.create(
        solution=solution,
        status=Reference.Status.STATED,
        place_name=place_name,
        state=state,
        country=country,
        year=year,
        summary=summary,
        created_by=actor,
    )
    log_action(reference, actor=actor, action="catalog.reference.stated", to_state=reference.status)
    return reference


def can_decide_reference(user, reference):
    if reference.municipality_id is None:  # stated outside the register: no town can confirm
        return False
    return any(
        org.municipality_id == reference.municipality_id
        for org in organisations_of(user, Organisation.Kind.MUNICIPALITY)
    )


@transaction.atomic
def decide_reference(*, actor, reference, confirm: bool):
    """A member of the named municipality confirms or rejects a claimed reference."""
    reference = Reference.objects.select_for_update().get(pk=reference.pk)
    if not can_decide_reference(actor, reference):
        raise PermissionDenied
    if reference.status != Reference.Status.CLAIMED:
        raise ValidationError(_("This reference has already been decided."))
    from_status = reference.status
    reference.status = Reference.Status.CONFIRMED if confirm else Reference.Status.REJECTED
    reference.confirmed_by, reference.confirmed_at = actor, timezone.now()
    reference.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    log_action(
        reference,
        actor=actor,
        action="catalog.reference.decided",
        from_state=from_status,
        to_state=reference.status,
    )
    if reference.solution.is_published:
        solution = reference.solution
        transaction.on_commit(lambda: solution_changed.send(sender=Solution, solution=solution))
    return reference


CONTACT_LIMIT_PER_HOUR = 10


@transaction.atomic
def send_contact_request(*, actor, provider, solution=None, subject, message, need=None):
    """A municipality member writes to a provider: stored, e-mailed and notified in-app.
    The e-mail names the sender, the town and the need it is about; replies go to the
    sender (Reply-To), not to the platform's noreply address."""
    towns = organisations_of(actor, Organisation.Kind.MUNICIPALITY)
    if not towns:
        raise PermissionDenied
    if need is not None:
        if need.organisation_id not in {t.pk for t in towns}:
            raise PermissionDenied
        towns = [need.organisation]
    key = f"contact-requests:{actor.pk}"
    sent = cache.get_or_set(key, 0, timeout=3600)
    if sent >= CONTACT_LIMIT_PER_HOUR:
        raise ValidationError(_("You have sent many requests in a short time. Please try later."))
    cache.incr(key)
    request = ContactRequest.objects.create(
        provider=provider, solution=solution, sender=actor, sender_organisation=towns[0],
        subject=subject, message=message,
    )  # fmt: skip
    members = [m.user for m in provider.organisation.memberships.active().select_related("user")]
    name = " ".join((actor.get_full_name() or actor.email).split())
    sender = f"{name} <{actor.email}>"
    lines = [message, "", f"{sender}, {towns[0].name}"]
    if solution is not None:
        lines.append(_("Solution: %(title)s") % {"title": solution.title})
    if need is not None:
        lines.append(_("About the need: %(title)s") % {"title": need.title})
        if need.visibility == need.Visibility.PUBLIC:
            lines.append(absolute_url(need.get_absolute_url()))
    lines += ["", _("Reply to this e-mail to answer %(name)s directly.") % {"name": name}]
    notify(members, subject=_("Contact request from %(town)s: %(subject)s")
           % {"town": towns[0].name, "subject": subject},
           body="\n".join(lines), reply_to=formataddr((name, actor.email)),
           url="/anbieter/konto/anfragen/", kind="contact")  # fmt: skip
    log_action(request, actor=actor, action="catalog.contact.sent")
    if need is not None:  # the need's chronology; no message text (it has a retention period)
        about = f"{provider.name}: {solution.title}" if solution is not None else provider.name
        log_action(need, actor=actor, action="catalog.contact.sent", comment=about)
    return request


def _require_editor(actor, obj):
    if not (is_member(actor, _provider_org(obj)) or is_office(actor)):
        raise PermissionDenied


LOCKED_MESSAGE = gettext_lazy(
    "This has been submitted for review and cannot be changed until the office has decided. "
    "Withdraw the submission to edit it again."
)


def is_locked_for(obj, user):
    """A submitted profile or solution is frozen for its provider while the office reviews
    it (the office may still correct it); withdrawing the submission unlocks it."""
    return obj.status == Status.SUBMITTED and not is_office(user)


def check_editable(obj, actor):
    """Raises PermissionDenied for non-editors, ValidationError while the item is locked."""
    _require_editor(actor, obj)
    if is_locked_for(obj, actor):
        raise ValidationError(LOCKED_MESSAGE)


def stored_size(field):
    """Bytes of a stored file; a file missing from storage counts as nothing."""
    try:
        return field.storage.size(field.name) if field else 0
    except OSError:
        return 0


# Apps above catalog whose uploads count towards a provider's quota too (events: workshop
# slides, partnerships: documents) register a function provider → bytes in their ready().
_upload_usage_sources = []


def register_upload_usage(source):
    if source not in _upload_usage_sources:
        _upload_usage_sources.append(source)


def provider_upload_usage(provider):
    """Bytes the provider's uploads take in storage: logo, solution images and documents, and
    what its members uploaded elsewhere (registered sources)."""
    documents = SolutionDocument.objects.filter(solution__provider=provider)
    images = SolutionImage.objects.filter(solution__provider=provider)
    return (
        (documents.aggregate(n=Sum("size"))["n"] or 0)
        + sum(stored_size(item.image) for item in images)
        + stored_size(provider.logo)
        + sum(source(provider) for source in _upload_usage_sources)
    )


def check_upload_quota(provider, new_bytes, *, freed=0, field=None):
    """Raises ValidationError when `new_bytes` more (and `freed` fewer) would take the
    provider past PROVIDER_UPLOAD_QUOTA_BYTES; `field`: the form field the error belongs to.
    Call under the provider's row lock."""
    limit = settings.PROVIDER_UPLOAD_QUOTA_BYTES
    used = provider_upload_usage(provider) - freed
    if used + new_bytes > limit:
        mb = 1024 * 1024
        message = _(
            "This file (%(size)s MB) does not fit into your organisation's storage: "
            "%(used)s of %(limit)s MB are used. Please delete files you no longer need."
        ) % {
            "size": number_format(new_bytes / mb, 1),
            "used": number_format(used / mb, 1),
            "limit": number_format(limit / mb, 0),
        }
        raise ValidationError({field: message} if field else message)


@transaction.atomic
def save_provider_profile(*, actor, form, contacts=None):
    """Save a provider's edit form and its contact persons (an inline formset of the same
    profile); the changed field names and contact names go into the history. A new logo
    must fit into the provider's upload quota (the old one is freed)."""
    check_editable(form.instance, actor)
    logo = form.cleaned_data.get("logo")
    if "logo" in form.changed_data and logo and hasattr(logo, "content_type"):
        stored = ProviderProfile.objects.select_for_update().get(pk=form.instance.pk)
        check_upload_quota(stored, logo.size, freed=stored_size(stored.logo))
    profile = form.save()
    changes = {"fields": form.changed_data}
    if contacts is not None:
        contacts.instance = profile
        contacts.save()
        changes["contacts"] = {
            "added": [c.name for c in contacts.new_objects],
            "changed": [c.name for c, _fields in contacts.changed_objects],
            "deleted": [c.name for c in contacts.deleted_objects],
        }
    log_action(profile, actor=actor, action="catalog.provider.edited", changes=changes)
    return profile


@transaction.atomic
def save_solution(*, actor, form, provider=None):
    """Create or edit a solution; an edit of a published one is re-indexed."""
    if provider is not None:
        form.instance.provider = provider
    check_editable(form.instance, actor)
    created = form.instance.pk is None
    solution = form.save()
    log_action(
        solution,
        actor=actor,
        action="catalog.solution.created" if created else "catalog.solution.edited",
        to_state=solution.status if created else "",
        changes={"fields": form.changed_data},
    )
    if solution.is_published:
        transaction.on_commit(lambda: solution_changed.send(sender=Solution, solution=solution))
    return solution


API_EDITABLE_STATUSES = ("draft", "changes_requested")
API_EDITABLE_FIELDS = {"title", "summary", "description", "maturity", "price_model", "language"}


@transaction.atomic
def update_solution_fields(*, actor, solution, changes, statuses=API_EDITABLE_STATUSES):
    """Edit a solution's plain fields from a mapping (the API's PATCH), not from a form.

    Only the provider's members may edit, and only in ``statuses``: published or submitted
    solutions are changed through the moderation flow, not here.
    """
    from .models import Maturity

    solution = Solution.objects.select_for_update().get(pk=solution.pk)
    if not is_member(actor, solution.provider.organisation):
        raise PermissionDenied
    if solution.status not in statuses:
        raise ValidationError("Only drafts and solutions with requested changes can be edited.")
    if "maturity" in changes and changes["maturity"] not in Maturity.values:
        raise ValidationError(f"maturity must be one of {', '.join(Maturity.values)}.")
    if "language" in changes and changes["language"] not in ("de", "en"):
        raise ValidationError("language must be de or en.")
    before = {}
    for name in API_EDITABLE_FIELDS & set(changes):
        before[name] = getattr(solution, name)
        setattr(solution, name, changes[name])
    solution.full_clean(exclude=["provider", "slug", "topics", "standards"])
    solution.save()
    if "topics" in changes:
        solution.topics.set(changes["topics"])
    log_action(
        solution,
        actor=actor,
        action="catalog.solution.edited_by_api",
        changes={k: [str(v), str(changes[k])] for k, v in before.items()},
    )
    return solution


@transaction.atomic
def add_solution_file(*, actor, form, solution):
    """Attach an image or PDF (already type-checked by the form) to a solution, within the
    provider's upload quota; over it, nothing is stored."""
    check_editable(solution, actor)
    provider = ProviderProfile.objects.select_for_update().get(pk=solution.provider_id)
    upload = form.cleaned_data["file" if isinstance(form.instance, SolutionDocument) else "image"]
    check_upload_quota(provider, upload.size)
    form.instance.solution = solution
    if isinstance(form.instance, SolutionDocument):
        form.instance.size = form.cleaned_data["file"].size
    item = form.save()
    log_action(
        solution, actor=actor, action="catalog.solution.file_attached", changes={"file": str(item)}
    )
    return item


@transaction.atomic
def remove_solution_file(*, actor, item):
    """Delete an image or PDF of a solution (its provider's members or the office); the stored
    file goes once the deletion is committed."""
    solution = item.solution
    check_editable(solution, actor)
    field = item.image if isinstance(item, SolutionImage) else item.file
    storage, name = field.storage, field.name
    log_action(
        solution, actor=actor, action="catalog.solution.file_removed", changes={"file": str(item)}
    )
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def propose_standard(*, actor, organisation, name):
    """A provider proposes a standard; it is usable once the office accepts it."""
    if not (is_member(actor, organisation) or is_office(actor)):
        raise PermissionDenied
    standard, _created = Standard.objects.get_or_create(
        name=name.strip(), defaults={"proposed_by": organisation}
    )
    return standard


@transaction.atomic
def decide_standard(*, actor, standard, accept: bool):
    if not is_office(actor):
        raise PermissionDenied
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    from_status = standard.status
    standard.status = Standard.Status.ACCEPTED if accept else Standard.Status.REJECTED
    standard.save(update_fields=["status"])
    log_action(
        standard,
        actor=actor,
        action="catalog.standard.decided",
        from_state=from_status,
        to_state=standard.status,
    )
    return standard


@transaction.atomic
def save_topic(*, actor, form):
    """The office adds, renames or moves a topic. The slug stays as first made: it is the key
    in the exchange format, the open data and search links. A new name reaches the search
    index through its published solutions (touched and announced)."""
    if not is_office(actor):
        raise PermissionDenied
    created = form.instance.pk is None
    if created:
        form.instance.slug = unique_slug(Topic, form.cleaned_data["name"], max_length=60)
    topic = form.save()
    log_action(
        topic,
        actor=actor,
        action="catalog.topic.created" if created else "catalog.topic.edited",
        changes={"fields": form.changed_data},
    )
    if not created and {"name", "name_en"} & set(form.changed_data):
        solutions = list(Solution.objects.published().filter(topics=topic))
        Solution.objects.filter(pk__in=[s.pk for s in solutions]).update(updated_at=timezone.now())
        announce_after_commit(solutions)
    return topic


def topic_usage(topic):
    """Where a topic is still used, as [(what, count)] (solutions, needs, anything else)."""
    usage = []
    for rel in Topic._meta.related_objects:
        count = rel.related_model._default_manager.filter(**{rel.field.name: topic}).count()
        if count:
            usage.append((rel.related_model._meta.verbose_name_plural, count))
    return usage


def check_topic_deletable(topic):
    usage = topic_usage(topic)
    if usage:
        raise ValidationError(
            _("The topic “%(name)s” is still in use (%(usage)s) and cannot be deleted.")
            % {"name": topic.name, "usage": ", ".join(f"{what}: {n}" for what, n in usage)}
        )


@transaction.atomic
def delete_topic(*, actor, topic):
    """The office deletes a topic nobody uses any more."""
    if not is_office(actor):
        raise PermissionDenied
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    check_topic_deletable(topic)
    log_action(
        topic,
        actor=actor,
        action="catalog.topic.deleted",
        changes={"slug": topic.slug, "name": topic.name},
    )
    topic.delete()
