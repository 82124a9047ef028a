"""The shared form templates: groups as fieldset + legend, an error summary, "Fehler:" titles."""

import re

import pytest
from django import forms
from django.urls import reverse

from .html_checks import id_problems

pytestmark = pytest.mark.django_db


class GroupForm(forms.Form):
    name = forms.CharField(label="Name")
    topics = forms.MultipleChoiceField(
        label="Handlungsfelder",
        choices=[("a", "Mobilität"), ("b", "Umwelt")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Mindestens eines.",
    )
    rating = forms.ChoiceField(
        label="Bewertung", choices=[("1", "1"), ("2", "2")], widget=forms.RadioSelect
    )


def fieldset_of(html, legend_text):
    match = re.search(
        r"<fieldset([^>]*)>\s*<legend>" + re.escape(legend_text) + r"(.*?)</fieldset>", html, re.S
    )
    assert match, f"no fieldset with legend {legend_text!r} in:\n{html}"
    return match.group(1), match.group(2)


def test_checkbox_and_radio_groups_are_fieldsets_with_a_legend():
    html = str(GroupForm())
    attrs, body = fieldset_of(html, "Handlungsfelder")
    assert 'aria-describedby="id_topics_helptext"' in attrs
    assert "(Pflichtfeld)</span></legend>" in body  # the group name says it is required
    assert 'id="id_topics_0"' in body and 'id="id_topics_1"' in body
    attrs, body = fieldset_of(html, "Bewertung")
    assert 'type="radio"' in body
    assert 'label for=""' not in html  # the old template wrote an orphan group label
    assert id_problems(html) == []


def test_group_errors_are_linked_to_the_fieldset():
    html = str(GroupForm(data={"name": "x"}))
    attrs, body = fieldset_of(html, "Handlungsfelder")
    described = re.search(r'aria-describedby="([^"]+)"', attrs).group(1).split()
    assert described == ["id_topics_helptext", "id_topics_error"]
    for ref in described:
        assert f'id="{ref}"' in html
    attrs, _ = fieldset_of(html, "Bewertung")
    assert 'aria-describedby="id_rating_error"' in attrs
    assert id_problems(html) == []


def test_single_fields_keep_label_and_described_by():
    html = str(GroupForm(data={}))
    assert '<label for="id_name">' in html
    assert re.search(r'<input[^>]*aria-describedby="id_name_error"[^>]*id="id_name"', html)


def test_error_summary_lists_every_error_with_a_link_to_its_field():
    form = GroupForm(data={"name": "x"})
    form.add_error(None, "Das passt so nicht zusammen.")
    html = str(form)
    summary = re.search(r'<div class="[^"]*sr-error-summary.*?</div>', html, re.S).group(0)
    assert summary.index("sr-error-summary") < html.index("<fieldset")  # at the top
    assert "Bitte korrigieren Sie die folgenden Angaben" in summary
    assert "Das passt so nicht zusammen." in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert [target for target, _ in links] == ["id_topics_0", "id_rating_0"]
    assert links[0][1].startswith("Handlungsfelder: ")
    for target, _ in links:
        assert f'id="{target}"' in html  # each link lands on a focusable field


def test_no_error_summary_without_errors():
    assert "sr-error-summary" not in str(GroupForm())
    assert "sr-error-summary" not in str(
        GroupForm(data={"name": "x", "topics": ["a"], "rating": "1"})
    )


def test_prefixed_forms_get_prefixed_summary_ids():
    html = str(GroupForm(data={}, prefix="feedback"))
    assert 'id="feedback-error-summary"' in html
    assert 'href="#id_feedback-name"' in html
    assert id_problems(html) == []


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_title_starts_with_fehler_after_a_failed_submit(municipality_user, client_for):
    c = client_for(municipality_user)
    url = reverse("matching:need_create")
    assert not title_of(c.get(url)).startswith("Fehler")
    response = c.post(url, {"title": "", "description": ""})
    assert response.status_code == 200
    assert title_of(response).startswith("Fehler: ")
    assert "data-error-summary" in response.content.decode()


def test_title_starts_with_fehler_on_allauth_forms(client):
    response = client.post(
        reverse("account_login"), {"login": "niemand@example.org", "password": "x"}
    )
    assert title_of(response).startswith("Fehler: ")
    assert not title_of(client.get(reverse("account_login"))).startswith("Fehler")
