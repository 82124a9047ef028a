"""Audit actions become namespaced codes ``<app>.<thing>.<verb>`` (core.audit.ACTIONS).

Bare verbs ("create", "decide") meant different things on different objects, so they are
renamed per object type; codes that were already unique are renamed by themselves. The
table is frozen here (a later change of core.audit must not change what this did).
Reversible: every new code comes from exactly one old code per object type.
"""

from django.db import migrations

BY_CODE = {
    "exploration.frozen": "explorations.record.frozen",
    "exploration.closed": "explorations.record.closed",
    "exploration.corrected": "explorations.record.corrected",
    "need.outcome": "explorations.outcome.recorded",
    "need.outcome_reference": "explorations.outcome.reference_confirmed",
    "legal.text_saved": "legal.text.saved",
    "legal.settings_changed": "legal.settings.changed",
    "legal.barrier_reported": "legal.barrier.reported",
    "legal.due_date_changed": "legal.barrier.due_date_changed",
    "legal.barrier_answered": "legal.barrier.answered",
    "legal.video_uploaded": "legal.video.uploaded",
    "export_personal_data": "legal.person.data_exported",
    "erase_personal_data": "legal.person.erased",
    "api_token.created": "api.token.created",
    "api_token.revoked": "api.token.revoked",
    "partnership.created": "partnerships.partnership.created",
    "partnership.invited": "partnerships.partnership.invited",
    "partnership.accepted": "partnerships.partnership.accepted",
    "partnership.declined": "partnerships.partnership.declined",
    "partnership.updated": "partnerships.partnership.updated",
    "partnership.transition": "partnerships.partnership.stage_changed",
    "partnership.reference_added": "partnerships.partnership.reference_added",
    "budget.line_added": "partnerships.budget.line_added",
    "budget.line_removed": "partnerships.budget.line_removed",
    "criterion.added": "partnerships.criterion.added",
    "criterion.scored": "partnerships.criterion.scored",
    "milestone.added": "partnerships.milestone.added",
    "milestone.delivered": "partnerships.milestone.delivered",
    "milestone.accepted": "partnerships.milestone.accepted",
    "document.uploaded": "partnerships.document.uploaded",
    "threshold.created": "partnerships.threshold.created",
    "threshold.updated": "partnerships.threshold.updated",
}

# (app_label, model) → {old: new}
BY_MODEL = {
    ("catalog", "solution"): {
        "transition": "catalog.solution.status_changed",
        "create": "catalog.solution.created",
        "edit": "catalog.solution.edited",
        "api_update": "catalog.solution.edited_by_api",
        "attach": "catalog.solution.file_attached",
        "detach": "catalog.solution.file_removed",
        "import": "catalog.solution.imported",
    },
    ("catalog", "providerprofile"): {
        "transition": "catalog.provider.status_changed",
        "edit": "catalog.provider.edited",
    },
    ("catalog", "reference"): {
        "claim": "catalog.reference.claimed",
        "state": "catalog.reference.stated",
        "decide": "catalog.reference.decided",
    },
    ("catalog", "contactrequest"): {"contact": "catalog.contact.sent"},
    ("catalog", "standard"): {"decide": "catalog.standard.decided"},
    ("catalog", "topic"): {
        "create": "catalog.topic.created",
        "edit": "catalog.topic.edited",
        "delete": "catalog.topic.deleted",
    },
    ("matching", "need"): {
        "contact": "catalog.contact.sent",
        "create": "matching.need.created",
        "update": "matching.need.edited",
        "close": "matching.need.closed",
        "reopen": "matching.need.reopened",
        "delete": "matching.need.deleted",
        "decide": "matching.need.decided",
    },
    ("matching", "thesaurusentry"): {
        "create": "matching.thesaurus.created",
        "edit": "matching.thesaurus.edited",
    },
    ("matching", "proposal"): {
        "create": "matching.proposal.created",
        "edit": "matching.proposal.edited",
        "rate": "matching.proposal.rated",
    },
    ("events", "workshop"): {
        "transition": "events.workshop.status_changed",
        "create": "events.workshop.created",
        "edit": "events.workshop.edited",
        "attendance": "events.workshop.attendance_recorded",
    },
    ("events", "programmeslot"): {"apply": "events.slot.applied", "decide": "events.slot.decided"},
    ("events", "registration"): {
        "register": "events.registration.created",
        "cancel": "events.registration.cancelled",
        "promote": "events.registration.promoted",
    },
    ("events", "question"): {
        "ask": "events.question.asked",
        "hide": "events.question.hidden",
        "show": "events.question.shown",
        "merge": "events.question.merged",
        "to_need": "events.question.turned_into_need",
    },
    ("events", "material"): {"add_material": "events.material.added"},
    ("accounts", "organisation"): {"create": "accounts.organisation.created"},
    ("accounts", "membership"): {
        "request": "accounts.membership.requested",
        "decide": "accounts.membership.decided",
        "accept_invitation": "accounts.membership.invitation_accepted",
    },
    ("accounts", "invitation"): {"invite": "accounts.invitation.sent"},
}
REFERENCE_EARNED = "catalog.solution.reference_earned"  # was f"reference_{status}"


def forward(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    for old, new in BY_CODE.items():
        AuditEntry.objects.filter(action=old).update(action=new)
    for (app_label, model), codes in BY_MODEL.items():
        rows = AuditEntry.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        )
        for old, new in codes.items():
            rows.filter(action=old).update(action=new)
    for entry in AuditEntry.objects.filter(action__startswith="reference_"):
        entry.to_state = entry.action.removeprefix("reference_")
        entry.action = REFERENCE_EARNED
        entry.save(update_fields=["action", "to_state"])


def backward(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    for old, new in BY_CODE.items():
        AuditEntry.objects.filter(action=new).update(action=old)
    for (app_label, model), codes in BY_MODEL.items():
        rows = AuditEntry.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        )
        for old, new in codes.items():
            rows.filter(action=new).update(action=old)
    for entry in AuditEntry.objects.filter(action=REFERENCE_EARNED):
        entry.action, entry.to_state = f"reference_{entry.to_state}", ""
        entry.save(update_fields=["action", "to_state"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
