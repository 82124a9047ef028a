"""The partnership's decision log reads like the other audit views: each row's words come from
core.audit.LABELS (German), stage moves show the stages' names, never a code."""

import html as entities
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from partnerships import services
from partnerships.models import Stage

pytestmark = pytest.mark.django_db


def log_rows(html):
    log = html.split('id="log-heading"', 1)[1].split("</table>", 1)[0]
    return [
        entities.unescape(re.sub(r"\s+", " ", cell).strip())
        for cell in re.findall(r"<tr><td>.*?</td><td>.*?</td><td>(.*?)</td>", log)
    ]


def test_the_log_shows_german_labels_and_stage_names(partnership, municipality_user, client_for):
    services.add_budget_line(
        actor=municipality_user, partnership=partnership, description="Kameras", amount=Decimal(500)
    )
    services.start_rnd(actor=municipality_user, partnership=partnership, comment="Los geht es")
    html = (
        client_for(municipality_user)
        .get(reverse("partnerships:detail", args=[partnership.pk]))
        .content.decode()
    )
    with translation.override("de"):
        initiation, rnd = str(Stage.INITIATION.label), str(Stage.RND.label)
    assert log_rows(html)[:2] == [
        f"Phase gewechselt: {initiation} → {rnd}",
        "Investitionskosten hinzugefügt",
    ]
    assert "partnerships." not in html.split('id="log-heading"', 1)[1]
    assert "Los geht es" in html
