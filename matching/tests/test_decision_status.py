"""After a shortlist/dismiss/restore the result is announced (role=status) and focus can stay."""

import re

import pytest

from .test_shortlist import decide_url

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def status_of(html):
    match = re.search(
        r'<p id="need-matches-status" data-hx-swap-oob="innerHTML">(.*?)</p>', html, re.S
    )
    assert match, html[-500:]
    return match.group(1)


def test_page_has_one_live_status_line_outside_the_swapped_list(
    client_for, municipality_user, need, parking
):
    html = client_for(municipality_user).get(need.get_absolute_url()).content.decode()
    assert html.count('id="need-matches-status"') == 1
    line = re.search(r'<p id="need-matches-status"[^>]*>', html).group(0)
    assert 'role="status"' in line and 'tabindex="-1"' in line
    assert html.index('id="need-matches-status"') < html.index('<div id="need-matches">')
    # Focus targets for the script: each result and its decision form share the solution id.
    assert f'data-focus-item="{parking.pk}"' in html
    assert f'data-focus-key="{parking.pk}"' in html


def test_each_decision_is_announced(client_for, municipality_user, need, parking, rival_parking):
    client = client_for(municipality_user)
    shortlisted = client.post(decide_url(need, parking), {"decision": "shortlisted"}, headers=HX)
    assert status_of(shortlisted.content.decode()) == (
        "„Parkleitsystem mit Bodensensoren“ steht jetzt auf der Merkliste."
    )
    unlisted = client.post(decide_url(need, parking), {"decision": "reset"}, headers=HX)
    assert status_of(unlisted.content.decode()) == (
        "„Parkleitsystem mit Bodensensoren“ wurde von der Merkliste genommen."
    )
    dismissed = client.post(decide_url(need, rival_parking), {"decision": "dismissed"}, headers=HX)
    assert status_of(dismissed.content.decode()) == (f"„{rival_parking.title}“ wurde ausgeblendet.")
    restored = client.post(decide_url(need, rival_parking), {"decision": "reset"}, headers=HX)
    assert status_of(restored.content.decode()) == f"„{rival_parking.title}“ wird wieder angezeigt."


def test_without_javascript_the_message_comes_after_the_redirect(
    client_for, municipality_user, need, parking
):
    response = client_for(municipality_user).post(
        decide_url(need, parking), {"decision": "shortlisted"}, follow=True
    )
    html = response.content.decode()
    assert "„Parkleitsystem mit Bodensensoren“ steht jetzt auf der Merkliste." in html
    assert "data-hx-swap-oob" not in html
