"""The one vocabulary of audit actions: ``<app>.<thing>.<verb>``, lower case.

Every ``core.services.log_action`` call uses a code from ``ACTIONS`` (log_action refuses any
other), so a reader — a history table, the need's chronology, an auditor with SQL — can rely
on it. The descriptions are for docs/architecture.md; pages that show an action to users keep
their own German labels (e.g. matching.chronology.LABELS). Codes before 2026-12 were bare verbs
("create", "transition"); core/migrations/0002_namespaced_audit_actions.py renamed the rows.
"""

import re

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


def check(action):
    """Raise ValueError for a code that is not in the vocabulary."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to core.audit.ACTIONS.")
    return action
