"""The test suite's missing-variable check (conftest.py): a project template reading a name
its view does not provide fails the test; installed packages' templates are left alone."""

from pathlib import Path

import pytest
from django.template import engines
from django.template.base import Origin, Template

PROJECT = Path(__file__).resolve().parents[2]


def render(source, context, where=PROJECT / "core/templates/core/example.html"):
    engine = engines["django"].engine
    template = Template(source, origin=Origin(name=str(where)), engine=engine)
    from django.template import Context

    return template.render(Context(context))


@pytest.mark.parametrize(
    "source",
    [
        "{{ check.start }}",
        "{{ check.start|date:'d.m.Y' }}",
        "{{ missing|default:'–' }}",
        "{% for route in check.routes %}{{ route }}{% endfor %}",
        "{% blocktranslate with day=check.start %}from {{ day }}{% endblocktranslate %}",
    ],
)
def test_a_name_nobody_provides_fails(source):
    with pytest.raises(pytest.fail.Exception, match="Undefined template variable"):
        render("{% load i18n %}" + source, {"check": {"result": {}}})


def test_the_message_names_the_template_and_line():
    with pytest.raises(pytest.fail.Exception) as failure:
        render("ok\n{{ check.start }}", {"check": {}})
    assert str(failure.value) == (
        "Undefined template variable 'check.start' in core/templates/core/example.html:2"
    )


def test_provided_names_and_if_render_as_usual():
    source = (
        "{% if missing %}no{% else %}if-ok{% endif %} "
        "{% for r in rows %}{{ r }}{% empty %}empty{% endfor %} "
        "{{ none_value|default:'–' }}"
    )
    assert render(source, {"rows": [], "none_value": None}) == "if-ok empty –"


def test_installed_packages_templates_are_not_checked():
    where = PROJECT / ".venv/lib/site-packages/allauth/templates/x.html"
    assert render("[{{ missing }}]", {}, where=where) == "[]"


class _NoProfile(Exception):
    silent_variable_failure = True  # like a missing related object (ObjectDoesNotExist)


class _User:
    @property
    def profile(self):
        raise _NoProfile


def test_a_silently_failing_lookup_is_false_in_if_and_fails_when_printed():
    assert render("{% if user.profile %}yes{% else %}no{% endif %}", {"user": _User()}) == "no"
    with pytest.raises(pytest.fail.Exception, match="failed silently"):
        render("{{ user.profile }}", {"user": _User()})
