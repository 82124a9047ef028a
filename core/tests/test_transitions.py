import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from core import transitions
from core.models import AuditEntry

TABLE = {("draft", "done"): "office", ("done", "draft"): None}


def test_allowed_returns_the_entry_of_an_existing_move():
    assert transitions.allowed(TABLE, "draft", "done", message="no") == "office"
    assert transitions.allowed(TABLE, "done", "draft", message="no") is None


def test_allowed_refuses_a_move_that_is_not_in_the_table_with_the_given_message():
    with pytest.raises(ValidationError) as excinfo:
        transitions.allowed(TABLE, "done", "done", message="Nicht möglich.")
    assert excinfo.value.messages == ["Nicht möglich."]


def test_move_saves_the_field_and_writes_one_audit_row_with_both_states(db, office_user):
    group = Group.objects.create(name="draft")
    before = transitions.move(
        group, "done", actor=office_user, action="catalog.topic.edited", field="name", comment="why"
    )
    assert before == "draft"
    assert Group.objects.get(pk=group.pk).name == "done"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.from_state, entry.to_state, entry.comment, entry.actor) == (
        "catalog.topic.edited",
        "draft",
        "done",
        "why",
        office_user,
    )


def test_targets_lists_the_reachable_states_in_table_order():
    table = {("a", "c"): None, ("b", "a"): None, ("a", "b"): None}
    assert transitions.targets(table, "a") == ["c", "b"]
    assert transitions.targets(table, "c") == []


def test_move_can_log_on_another_object_with_a_comment_computed_after_the_save(db, office_user):
    group, owner = Group.objects.create(name="open"), Group.objects.create(name="need")
    seen = []

    def comment():  # sees the saved state, as a hash sealed over the closed record would
        seen.append(Group.objects.get(pk=group.pk).name)
        return "sha:closed"

    transitions.move(
        group,
        "closed",
        actor=office_user,
        action="explorations.record.closed",
        field="name",
        comment=comment,
        log_on=owner,
    )
    entry = AuditEntry.objects.get()
    assert seen == ["closed"]
    assert (entry.object_id, entry.from_state, entry.to_state, entry.comment) == (
        str(owner.pk),
        "open",
        "closed",
        "sha:closed",
    )
