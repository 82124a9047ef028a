"""core/migrations/0002: bare audit verbs become namespaced codes, per object type, and back."""

import importlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from catalog.models import Topic
from catalog.tests.factories import SolutionFactory
from core.models import AuditEntry
from matching.models import Need

migration = importlib.import_module("core.migrations.0002_namespaced_audit_actions")


def _row(obj, action, to_state=""):
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
        to_state=to_state,
    )


def test_old_codes_are_renamed_by_object_type_and_back(db, municipality_org, office_user):
    need = Need.objects.create(organisation=municipality_org, title="Parken", description="x")
    parking = SolutionFactory()
    topic = Topic.objects.create(name="Testthema", slug="testthema")
    rows = [
        _row(need, "create"),
        _row(topic, "create"),
        _row(parking, "transition", "published"),
        _row(parking, "reference_from_exploration"),
        _row(need, "exploration.frozen"),
        _row(need, "partnership.transition"),  # renamed by its code alone
        _row(office_user, "export_personal_data"),
    ]
    before = [(r.action, r.to_state) for r in rows]

    migration.forward(apps, None)
    assert [
        (r.action, r.to_state)
        for r in AuditEntry.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk")
    ] == [
        ("matching.need.created", ""),
        ("catalog.topic.created", ""),
        ("catalog.solution.status_changed", "published"),
        ("catalog.solution.reference_earned", "from_exploration"),
        ("explorations.record.frozen", ""),
        ("partnerships.partnership.stage_changed", ""),
        ("legal.person.data_exported", ""),
    ]

    migration.backward(apps, None)
    assert [
        (r.action, r.to_state)
        for r in AuditEntry.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk")
    ] == before
