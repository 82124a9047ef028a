"""The one vocabulary of audit actions: ``<app>.<thing>.<verb>``, lower case.

Every ``core.services.log_action`` call uses a code from ``ACTIONS`` (log_action refuses any
other), so a reader — a history table, the need's chronology, an auditor with SQL — can rely
on it. The descriptions are for docs/architecture.md; what users read is ``LABELS`` (English
msgids, German in core/locale): every page that shows audit rows — the catalog history, the
need's chronology, the partnership log — takes its words from there (``label``, ``labelled``).
Codes before 2026-12 were bare verbs ("create", "transition");
core/migrations/0002_namespaced_audit_actions.py renamed the rows.
"""

import re

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

CODE = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")

ACTIONS = {
    # accounts
    "accounts.invitation.sent": "someone was invited into an organisation",
    "accounts.membership.decided": "a membership request was approved or declined",
    "accounts.membership.invitation_accepted": "an invitation was accepted (membership)",
    "accounts.membership.requested": "someone asked to join an organisation",
    "accounts.organisation.created": "a provider organisation was created",
    # api
    "api.token.created": "an API token was created",
    "api.token.revoked": "an API token was revoked",
    # catalog
    "catalog.contact.sent": "a contact request was sent (on the request and on its need)",
    "catalog.provider.edited": "a provider profile was changed",
    "catalog.provider.status_changed": "a provider profile moved in moderation (from/to state)",
    "catalog.reference.claimed": "a provider claimed a reference in a municipality",
    "catalog.reference.decided": "a municipality confirmed or rejected a claimed reference",
    "catalog.reference.stated": "a provider stated a reference outside the register",
    "catalog.solution.created": "a solution was created",
    "catalog.solution.edited": "a solution was changed (form)",
    "catalog.solution.edited_by_api": "a solution was changed through the API",
    "catalog.solution.file_attached": "an image or document was attached to a solution",
    "catalog.solution.file_removed": "an image or document was removed from a solution",
    "catalog.solution.imported": "a solution was created or changed by the catalog import",
    "catalog.solution.reference_earned": "a verified reference was added (to_state: its status)",
    "catalog.solution.status_changed": "a solution moved in moderation (from/to state)",
    "catalog.standard.decided": "the office accepted or rejected a proposed standard",
    "catalog.topic.created": "a topic was created",
    "catalog.topic.deleted": "a topic was deleted",
    "catalog.topic.edited": "a topic was changed",
    # events
    "events.question.asked": "a question was asked in a workshop",
    "events.question.hidden": "a question was hidden",
    "events.material.added": "material was added to a workshop",
    "events.question.turned_into_need": "a workshop question became a need",
    "events.question.merged": "a question was merged into another",
    "events.question.shown": "a hidden question was shown again",
    "events.registration.cancelled": "a registration was cancelled",
    "events.registration.created": "someone registered (to_state: registered or waiting)",
    "events.registration.promoted": "a waiting registration moved up",
    "events.slot.applied": "a provider applied for a programme slot",
    "events.slot.decided": "the organiser accepted or declined a programme slot",
    "events.workshop.attendance_recorded": "the organiser recorded who attended",
    "events.workshop.created": "a workshop was created",
    "events.workshop.edited": "a workshop was changed",
    "events.workshop.status_changed": "a workshop's status changed (from/to state)",
    # explorations
    "explorations.outcome.recorded": "the need's outcome (award) was recorded",
    "explorations.outcome.reference_confirmed": "a reference was confirmed after the award",
    "explorations.record.closed": "a market exploration was closed (comment: SHA-256)",
    "explorations.record.corrected": "a market exploration was corrected (new version)",
    "explorations.record.frozen": "a market exploration was frozen (comment: SHA-256)",
    # legal
    "legal.barrier.answered": "an accessibility barrier report was answered",
    "legal.barrier.due_date_changed": "a barrier report's due date was changed",
    "legal.barrier.reported": "an accessibility barrier was reported",
    "legal.person.data_exported": "a person's data was exported (Art. 15 GDPR)",
    "legal.person.erased": "a person's data was erased (Art. 17 GDPR)",
    "legal.settings.changed": "the legal settings were changed",
    "legal.text.saved": "a legal text was saved (to_state: version)",
    "legal.video.uploaded": "a sign-language video was uploaded",
    # matching
    "matching.need.closed": "a need was closed (from/to state, comment: reason)",
    "matching.need.created": "a need was created",
    "matching.need.decided": "a solution was shortlisted or dismissed for a need",
    "matching.need.deleted": "a need was deleted (comment: its title)",
    "matching.need.edited": "a need was changed",
    "matching.need.reopened": "a closed need was opened again",
    "matching.proposal.created": "a provider proposed a solution for a need",
    "matching.proposal.edited": "a proposal was changed",
    "matching.proposal.rated": "the municipality rated a proposal",
    "matching.thesaurus.created": "a thesaurus group was created",
    "matching.thesaurus.edited": "a thesaurus group was changed",
    # partnerships
    "partnerships.budget.line_added": "a budget line was added",
    "partnerships.budget.line_removed": "a budget line was removed",
    "partnerships.criterion.added": "a success criterion was added",
    "partnerships.criterion.scored": "a success criterion was scored",
    "partnerships.document.uploaded": "a partnership document (version) was uploaded",
    "partnerships.knowledge_pack.marked": "a partnership was marked for the knowledge pack",
    "partnerships.milestone.accepted": "a milestone was accepted",
    "partnerships.milestone.added": "a milestone was added",
    "partnerships.milestone.delivered": "a milestone was delivered",
    "partnerships.partnership.accepted": "the provider accepted the invitation",
    "partnerships.partnership.created": "a partnership was created",
    "partnerships.partnership.declined": "the provider declined the invitation",
    "partnerships.partnership.invited": "a provider was invited",
    "partnerships.partnership.reference_added": "a verified reference came from the partnership",
    "partnerships.partnership.stage_changed": "a partnership moved to another stage (from/to)",
    "partnerships.partnership.updated": "a partnership's fields were changed",
    "partnerships.threshold.created": "a procurement threshold was created",
    "partnerships.threshold.updated": "a procurement threshold was changed",
}

# What users read for each code: short, past tense (German in core/locale). Pages may add
# details (states, fields, titles) next to it, but not their own words for a code.
LABELS = {
    # accounts
    "accounts.invitation.sent": _("Invitation sent"),
    "accounts.membership.decided": _("Membership request decided"),
    "accounts.membership.invitation_accepted": _("Invitation to the organisation accepted"),
    "accounts.membership.requested": _("Membership requested"),
    "accounts.organisation.created": _("Provider organisation created"),
    # api
    "api.token.created": _("API token created"),
    "api.token.revoked": _("API token revoked"),
    # catalog
    "catalog.contact.sent": _("Contact request sent to a provider"),
    "catalog.provider.edited": _("Provider profile changed"),
    "catalog.provider.status_changed": _("Status of the provider profile changed"),
    "catalog.reference.claimed": _("Reference claimed by the provider"),
    "catalog.reference.decided": _("Reference confirmed or rejected by the municipality"),
    "catalog.reference.stated": _("Reference outside the register stated"),
    "catalog.solution.created": _("Solution created"),
    "catalog.solution.edited": _("Solution changed"),
    "catalog.solution.edited_by_api": _("Solution changed through the API"),
    "catalog.solution.file_attached": _("File attached to the solution"),
    "catalog.solution.file_removed": _("File removed from the solution"),
    "catalog.solution.imported": _("Solution imported"),
    "catalog.solution.reference_earned": _("Verified reference added"),
    "catalog.solution.status_changed": _("Status of the solution changed"),
    "catalog.standard.decided": _("Proposed standard decided"),
    "catalog.topic.created": _("Topic created"),
    "catalog.topic.deleted": _("Topic deleted"),
    "catalog.topic.edited": _("Topic changed"),
    # events
    "events.question.asked": _("Question asked"),
    "events.question.hidden": _("Question hidden"),
    "events.material.added": _("Material added"),
    "events.question.turned_into_need": _("Question turned into a need"),
    "events.question.merged": _("Question merged into another"),
    "events.question.shown": _("Question shown again"),
    "events.registration.cancelled": _("Registration cancelled"),
    "events.registration.created": _("Registered for the workshop"),
    "events.registration.promoted": _("Moved up from the waiting list"),
    "events.slot.applied": _("Applied for a programme slot"),
    "events.slot.decided": _("Programme slot decided"),
    "events.workshop.attendance_recorded": _("Attendance recorded"),
    "events.workshop.created": _("Workshop created"),
    "events.workshop.edited": _("Workshop changed"),
    "events.workshop.status_changed": _("Status of the workshop changed"),
    # explorations
    "explorations.outcome.recorded": _("Outcome recorded"),
    "explorations.outcome.reference_confirmed": _("Reference confirmed after the award"),
    "explorations.record.closed": _("Market exploration closed"),
    "explorations.record.corrected": _("Market exploration corrected (new version)"),
    "explorations.record.frozen": _("Market exploration frozen"),
    # legal
    "legal.barrier.answered": _("Barrier report answered"),
    "legal.barrier.due_date_changed": _("Due date of the barrier report changed"),
    "legal.barrier.reported": _("Barrier reported"),
    "legal.person.data_exported": _("Personal data exported"),
    "legal.person.erased": _("Personal data erased"),
    "legal.settings.changed": _("Legal settings changed"),
    "legal.text.saved": _("Legal text saved"),
    "legal.video.uploaded": _("Sign-language video uploaded"),
    # matching
    "matching.need.closed": _("Need closed"),
    "matching.need.created": _("Need created"),
    "matching.need.decided": _("Decision on a solution for the need"),
    "matching.need.deleted": _("Need deleted"),
    "matching.need.edited": _("Need changed"),
    "matching.need.reopened": _("Need opened again"),
    "matching.proposal.created": _("Solution proposed for the need"),
    "matching.proposal.edited": _("Proposal changed"),
    "matching.proposal.rated": _("Proposal rated"),
    "matching.thesaurus.created": _("Thesaurus group created"),
    "matching.thesaurus.edited": _("Thesaurus group changed"),
    # partnerships
    "partnerships.budget.line_added": _("Investment cost added"),
    "partnerships.budget.line_removed": _("Investment cost removed"),
    "partnerships.criterion.added": _("Success criterion added"),
    "partnerships.criterion.scored": _("Success criterion scored"),
    "partnerships.document.uploaded": _("Document uploaded"),
    "partnerships.knowledge_pack.marked": _("Marked for the knowledge pack"),
    "partnerships.milestone.accepted": _("Milestone accepted"),
    "partnerships.milestone.added": _("Milestone added"),
    "partnerships.milestone.delivered": _("Milestone delivered"),
    "partnerships.partnership.accepted": _("Invitation accepted by the provider"),
    "partnerships.partnership.created": _("Partnership started"),
    "partnerships.partnership.declined": _("Invitation declined by the provider"),
    "partnerships.partnership.invited": _("Provider invited"),
    "partnerships.partnership.reference_added": _("Reference added to the solution"),
    "partnerships.partnership.stage_changed": _("Stage changed"),
    "partnerships.partnership.updated": _("Details of the partnership changed"),
    "partnerships.threshold.created": _("Procurement threshold created"),
    "partnerships.threshold.updated": _("Procurement threshold changed"),
}

# The field that holds an audited object's state (from_state/to_state of its rows).
STATE_FIELDS = ("status", "stage")


def label(code):
    """The user-facing label of an audit code; an unknown code (e.g. an old row) as it is."""
    return LABELS.get(code, code)


def state_label(model, value):
    """The display name of `value` among `model`'s state choices (its ``status`` or ``stage``
    field, e.g. Solution: "submitted" → "Eingereicht"); other values (a version number, a
    state of another model) as they are."""
    if model is None or not value:
        return value
    for name in STATE_FIELDS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        choices = dict(field.flatchoices)
        if value in choices:
            return choices[value]
    return value


def field_names(model, names):
    """The verbose names of changed fields (``changes["fields"]``); a field renamed since (or
    a name that is no model field) as it is."""
    result = []
    for name in names or ():
        try:
            result.append(str(model._meta.get_field(name).verbose_name))
        except (AttributeError, FieldDoesNotExist):
            result.append(name)
    return result


# Codes whose from/to states are those of another model than the audited object's (the
# object's history shows them): code → "app_label.Model" whose state choices name them.
STATES_OF = {"catalog.solution.reference_earned": "catalog.Reference"}


def labelled(entries):
    """The audit rows as a list, each with what a page shows: ``label`` (its action),
    ``from_label``/``to_label`` (its states) and ``field_names`` (its changed fields, joined)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType  # core.audit loads before apps

    entries = list(entries)
    for entry in entries:
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        states = apps.get_model(STATES_OF[entry.action]) if entry.action in STATES_OF else model
        entry.label = label(entry.action)
        entry.from_label = state_label(states, entry.from_state)
        entry.to_label = state_label(states, entry.to_state)
        entry.field_names = ", ".join(field_names(model, (entry.changes or {}).get("fields")))
    return entries


def check(action):
    """Raise ValueError for a code that is not in the vocabulary."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to core.audit.ACTIONS.")
    return action
