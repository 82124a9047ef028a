"""What users read for an audit row (core.audit.LABELS): every code has a short label, the
German catalog translates each of them, and states and changed fields show their names."""

import pytest
from django.utils import translation

from catalog.models import Solution, Status
from core import audit
from partnerships.models import Partnership, Stage


def test_every_code_has_a_label_and_nothing_else_has_one():
    assert set(audit.LABELS) == set(audit.ACTIONS)


@pytest.mark.parametrize("code", sorted(audit.ACTIONS))
def test_the_german_catalog_translates_every_label(code):
    with translation.override(None):
        english = str(audit.label(code))  # the msgid
    with translation.override("de"):
        german = str(audit.label(code))
    assert german != english, f"{code}: {english!r} has no German translation"
    assert german[:1].isupper() and not german.endswith("."), german


def test_an_unknown_code_shows_as_it_is():
    assert audit.label("create") == "create"


def test_states_show_the_audited_models_choice_names():
    with translation.override("de"):
        assert audit.state_label(Solution, Status.SUBMITTED) == "Eingereicht"
        assert str(audit.state_label(Partnership, Stage.RND)) == str(Stage.RND.label)
    assert audit.state_label(Solution, "7") == "7"  # e.g. a legal text's version number
    assert audit.state_label(Solution, "") == ""


def test_changed_fields_show_their_verbose_names():
    with translation.override("de"):
        names = audit.field_names(Solution, ["title", "gone_since"])
    assert names == [str(Solution._meta.get_field("title").verbose_name), "gone_since"]
    assert names[0] != "title"
