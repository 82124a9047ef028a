"""After `manage.py demo_data` every feature has something to show: no filter of the solution
search is empty, the demo need shows its requirement checks, references are verified in several
districts, the upcoming workshop is on a working day and the partnership has a real history."""

import io
import re
from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from catalog import demo as catalog_demo
from catalog.models import Reference, Solution
from events.demo import is_working_day
from events.models import Workshop
from matching.models import Need
from partnerships.models import Partnership


def facet_groups(html):
    """[(legend, [count of each value])] of the search page's filter groups."""
    groups = []
    for block in re.findall(r'<fieldset class="sr-facet">(.*?)</fieldset>', html, re.S):
        legend = re.search(r"<legend>(.*?)</legend>", block, re.S).group(1).strip()
        groups.append((legend, [int(n) for n in re.findall(r'sr-count">\((\d+)\)', block)]))
    return groups


def test_demo_data_exercises_every_feature(db):
    """One load (register, catalog, index with embeddings take a while), several checks."""
    call_command("demo_data", stdout=io.StringIO())
    town = Client()
    town.force_login(User.objects.get(email="kommune@demo.smarte-region.de"))
    every_filter_group_on_the_search_page_has_solutions(Client())
    every_demo_solution_states_price_sizes_and_hosting_when_it_is_a_service()
    demo_need_shows_the_requirement_checks(town)
    verified_references_in_several_districts()
    upcoming_workshop_and_its_deadline_fall_on_working_days()
    partnership_has_a_timeline_over_months(town)
    loading_the_catalog_demo_again_changes_nothing()


def every_filter_group_on_the_search_page_has_solutions(client):
    groups = dict(facet_groups(client.get("/loesungen/").content.decode()))
    assert len(groups) >= 10
    assert [legend for legend, counts in groups.items() if max(counts, default=0) == 0] == []
    # The groups the walkthrough found empty: now every value has solutions.
    for legend in ("Hosting-Standort", "Preis ab", "Geeignete Gemeindegröße"):
        assert min(groups[legend]) > 0, legend


def every_demo_solution_states_price_sizes_and_hosting_when_it_is_a_service():
    solutions = list(Solution.objects.published())
    assert len(solutions) == 70
    assert [s.title for s in solutions if s.price_min is None or not s.population_bands] == []
    assert [
        s.title for s in solutions if s.deploy_saas and not (s.hosting and s.dpa_available)
    ] == []
    assert sum(1 for s in solutions if s.oss_license) >= 10


def demo_need_shows_the_requirement_checks(client):
    need = Need.objects.get(title="Weniger Parksuchverkehr in der Altstadt")
    html = client.get(f"/vorhaben/{need.pk}/").content.decode()
    assert "in Deutschland gehostet" in html
    assert "Preis ab 8.000,00\u00a0€, im Rahmen Ihres Budgets" in html
    assert "geeignet für Kommunen Ihrer Größe (20.000–100.000 Einwohner)" in html


def verified_references_in_several_districts():
    verified = Reference.objects.verified()
    districts = set(verified.values_list("municipality__district_ags", flat=True))
    assert verified.count() >= 10
    assert len(districts) >= 8


def upcoming_workshop_and_its_deadline_fall_on_working_days():
    workshop = Workshop.objects.get(slug="mobilitaet-im-laendlichen-raum")
    day = timezone.localtime(workshop.starts_at).date()
    deadline = timezone.localtime(workshop.registration_deadline).date()
    assert workshop.starts_at > timezone.now()
    assert is_working_day(day) and is_working_day(deadline)
    assert timezone.localdate() <= deadline < day


def partnership_has_a_timeline_over_months(client):
    hersfeld = Partnership.objects.get(title="Parkleitsystem Innenstadt Bad Hersfeld")
    html = client.get(hersfeld.get_absolute_url()).content.decode()
    assert "Läuft seit 420 Tagen." in html
    today = timezone.localdate()
    assert hersfeld.rnd_started_on == today - timedelta(days=380)
    assert hersfeld.performance_started_on == today - timedelta(days=90)
    from core.services import history_of

    days = {timezone.localtime(e.created_at).date() for e in history_of(hersfeld)}
    assert len(days) == 7


def loading_the_catalog_demo_again_changes_nothing():
    assert catalog_demo.complete_solutions() == 0
    assert catalog_demo.complete_profiles() == 0
    assert catalog_demo.add_references() == 0
