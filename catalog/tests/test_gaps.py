"""Behaviour of the catalog that had no test yet (issue #4): reference notices and rejection,
the moderation queue, contact notifications, view counters, import progress, the profile
history for the office, query counts of the list and detail pages, the logo size limit."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from accounts.tests.factories import MunicipalityFactory, member_of
from catalog import services
from catalog.forms import ProviderProfileForm, SolutionForm
from catalog.models import Reference, Solution, Status, Topic
from catalog.tests.factories import ProviderProfileFactory, SolutionFactory
from catalog.tests.test_files import _image_bytes
from core.models import AuditEntry, Notification
from core.services import history_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(provider_org):
    return ProviderProfileFactory(organisation=provider_org)


@pytest.fixture
def claimed(own, provider_user, municipality_org):
    solution = SolutionFactory(provider=own, title="Parkleitsystem")
    return services.claim_reference(
        actor=provider_user,
        solution=solution,
        municipality=municipality_org.municipality,
        year=2024,
        summary="Läuft seit 2024",
    )


def _mails_to(mailoutbox, user):
    return [m for m in mailoutbox if user.email in m.to]


# 1. References --------------------------------------------------------------------------------


def test_claiming_a_reference_notifies_only_the_named_town(
    client_for, own, provider_user, municipality_org, municipality_user, other_municipality_user,
    mailoutbox, django_capture_on_commit_callbacks,
):  # fmt: skip
    second_clerk = member_of(municipality_org, email="amt2@bad-hersfeld.example")
    solution = SolutionFactory(provider=own, title="Parkleitsystem")
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(provider_user).post(
            f"/loesungen/{solution.slug}/referenz/",
            {"municipality": municipality_org.municipality.pk, "year": 2024},
        )
    assert r.status_code == 302
    for clerk in (municipality_user, second_clerk):
        notice = Notification.objects.get(user=clerk)
        assert notice.kind == "reference" and notice.url == "/referenzen/bestaetigen/"
        assert notice.subject == "Bitte bestätigen Sie eine Referenz: Parkleitsystem"
        [mail] = _mails_to(mailoutbox, clerk)
        assert "Parkleitsystem" in mail.subject and "/referenzen/bestaetigen/" in mail.body
    assert not Notification.objects.filter(user__in=[other_municipality_user, provider_user])
    assert not _mails_to(mailoutbox, other_municipality_user)


def test_claiming_a_reference_for_a_town_without_organisation_notifies_nobody(
    own, provider_user, municipality_user
):
    solution = SolutionFactory(provider=own)
    town = MunicipalityFactory(name="Ohne Konto")
    reference = services.claim_reference(actor=provider_user, solution=solution, municipality=town)
    assert reference.status == Reference.Status.CLAIMED
    assert not Notification.objects.exists()


def test_town_rejects_a_claimed_reference(client_for, claimed, municipality_user):
    client = Client()  # anonymous, apart from the town's session
    solution_url = claimed.solution.get_absolute_url()
    page = client.get(solution_url).content.decode()
    assert "Bad Hersfeld" in page and "Läuft seit 2024" in page  # claimed: shown as stated

    town = client_for(municipality_user)
    r = town.post("/referenzen/bestaetigen/", {"reference": claimed.pk, "action": "reject"})
    assert r.status_code == 302
    claimed.refresh_from_db()
    assert claimed.status == Reference.Status.REJECTED and not claimed.is_verified
    assert claimed.confirmed_by == municipality_user and claimed.confirmed_at is not None
    entry = AuditEntry.objects.get(action="catalog.reference.decided")
    assert (entry.actor, entry.from_state, entry.to_state) == (
        municipality_user, "claimed", "rejected",
    )  # fmt: skip

    page = client.get(solution_url).content.decode()
    assert "Läuft seit 2024" not in page and "Bad Hersfeld" not in page
    assert "Noch keine Referenzen." in page
    assert "Läuft seit 2024" not in town.get("/referenzen/bestaetigen/").content.decode()

    # Decided once: a second answer changes nothing.
    town.post("/referenzen/bestaetigen/", {"reference": claimed.pk, "action": "confirm"})
    claimed.refresh_from_db()
    assert claimed.status == Reference.Status.REJECTED


@pytest.mark.parametrize("action", ["confirm", "reject"])
@pytest.mark.parametrize(
    "who", ["other_municipality_user", "provider_user", "office_user", "outsider"]
)
def test_only_members_of_the_named_town_decide_a_reference(
    request, client_for, claimed, who, action
):
    c = client_for(request.getfixturevalue(who))
    r = c.post("/referenzen/bestaetigen/", {"reference": claimed.pk, "action": action})
    assert r.status_code == 403
    claimed.refresh_from_db()
    assert claimed.status == Reference.Status.CLAIMED and claimed.confirmed_by is None
    assert not AuditEntry.objects.filter(action="catalog.reference.decided").exists()


def test_anonymous_cannot_decide_a_reference(client, claimed):
    r = client.post("/referenzen/bestaetigen/", {"reference": claimed.pk, "action": "confirm"})
    assert r.status_code == 302 and "/konto/login/" in r["Location"]
    claimed.refresh_from_db()
    assert claimed.status == Reference.Status.CLAIMED


# 2. Moderation queue --------------------------------------------------------------------------


def _submit(obj, actor, *, minutes_ago):
    """Submit `obj` and date its submission back (the audit row and updated_at)."""
    services.transition(obj, Status.SUBMITTED, actor=actor)
    when = timezone.now() - timedelta(minutes=minutes_ago)
    type(obj).objects.filter(pk=obj.pk).update(updated_at=when)
    history_of(obj).filter(to_state=Status.SUBMITTED).update(created_at=when)


def _solution_form(solution, **changes):
    data = {
        "title": solution.title,
        "summary": solution.summary,
        "topics": [t.pk for t in solution.topics.all()],
        "maturity": solution.maturity,
        "language": solution.language,
        **changes,
    }
    form = SolutionForm(data, instance=solution)
    assert form.is_valid(), form.errors
    return form


def _positions(html, names):
    return [html.index(name) for name in names]


def test_queue_lists_oldest_submission_first_even_after_an_office_correction(
    client_for, own, provider_user, office_user
):
    titles = ["Zuerst eingereicht", "Als Zweites", "Zuletzt eingereicht"]
    solutions = [SolutionFactory(provider=own, title=t, status=Status.DRAFT) for t in titles]
    for minutes_ago, solution in zip((30, 20, 10), solutions, strict=True):
        _submit(solution, provider_user, minutes_ago=minutes_ago)
    c = client_for(office_user)
    html = c.get("/geschaeftsstelle/moderation/").content.decode()
    assert _positions(html, titles) == sorted(_positions(html, titles))

    # The office fixes a typo in the oldest item: it keeps its place in the queue.
    first = Solution.objects.get(pk=solutions[0].pk)
    form = _solution_form(first, summary="Korrigierte Kurzbeschreibung")
    services.save_solution(actor=office_user, form=form)
    html = c.get("/geschaeftsstelle/moderation/").content.decode()
    assert _positions(html, titles) == sorted(_positions(html, titles))


def test_queue_lists_profiles_oldest_submission_first(client_for, office_user):
    names = ["Alt GmbH", "Neu GmbH"]
    for minutes_ago, name in zip((50, 5), names, strict=True):
        profile = ProviderProfileFactory(organisation__name=name, name=name, status=Status.DRAFT)
        _submit(profile, member_of(profile.organisation), minutes_ago=minutes_ago)
    html = client_for(office_user).get("/geschaeftsstelle/moderation/").content.decode()
    assert _positions(html, names) == sorted(_positions(html, names))


@pytest.fixture
def submitted(own, provider_user):
    solution = SolutionFactory(provider=own, title="Parkleitsystem", status=Status.DRAFT)
    return services.transition(solution, Status.SUBMITTED, actor=provider_user)


def test_office_rejects_through_the_queue_with_a_comment(
    client_for, office_user, provider_user, other_provider_user, submitted, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    c = client_for(office_user)
    client = Client()  # anonymous
    url = f"/geschaeftsstelle/moderation/loesung/{submitted.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(url, {"action": "reject", "comment": "Kein Bezug zu Kommunen"})
    assert r.status_code == 302 and r["Location"] == "/geschaeftsstelle/moderation/"
    submitted.refresh_from_db()
    assert submitted.status == Status.REJECTED
    entry = AuditEntry.objects.filter(action="catalog.solution.status_changed").first()
    assert (entry.actor, entry.from_state, entry.to_state, entry.comment) == (
        office_user, "submitted", "rejected", "Kein Bezug zu Kommunen",
    )  # fmt: skip
    [mail] = _mails_to(mailoutbox, provider_user)
    assert mail.subject == "[Smart Region Marktplatz] Nicht angenommen: Parkleitsystem"
    assert "Kein Bezug zu Kommunen" in mail.body
    assert not _mails_to(mailoutbox, other_provider_user)
    assert client.get(submitted.get_absolute_url()).status_code == 404
    queues = c.get("/geschaeftsstelle/moderation/").context["queues"]
    assert not [item for _kind, items in queues for item in items]


def test_reject_without_comment_changes_nothing(client_for, office_user, submitted):
    c = client_for(office_user)
    r = c.post(
        f"/geschaeftsstelle/moderation/loesung/{submitted.pk}/",
        {"action": "reject", "comment": "  "},
        follow=True,
    )
    assert "Bitte" in r.content.decode()  # the reason is asked for
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not AuditEntry.objects.filter(to_state=Status.REJECTED).exists()


def test_approve_through_the_queue_mails_published(
    client_for, office_user, provider_user, submitted, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client_for(office_user).post(
            f"/geschaeftsstelle/moderation/loesung/{submitted.pk}/", {"action": "approve"}
        )
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED and submitted.published_at is not None
    [mail] = _mails_to(mailoutbox, provider_user)
    assert mail.subject == "[Smart Region Marktplatz] Veröffentlicht: Parkleitsystem"
    assert mail.body.strip().endswith(submitted.get_absolute_url())
    assert Notification.objects.get(user=provider_user).kind == "moderation"


@pytest.mark.parametrize("who", ["provider_user", "municipality_user", "outsider"])
def test_only_the_office_moderates(request, client_for, who, submitted):
    c = client_for(request.getfixturevalue(who))
    assert c.get("/geschaeftsstelle/moderation/").status_code == 403
    url = f"/geschaeftsstelle/moderation/loesung/{submitted.pk}/"
    assert c.post(url, {"action": "approve"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


# 3. Contact requests --------------------------------------------------------------------------


def test_contact_request_notifies_provider_members_in_app_and_by_mail(
    client_for, own, provider_org, provider_user, other_provider_user, municipality_user,
    mailoutbox, django_capture_on_commit_callbacks,
):  # fmt: skip
    colleague = member_of(provider_org, email="kollege@parksense.example")
    solution = SolutionFactory(provider=own)
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(municipality_user).post(
            f"/loesungen/{solution.slug}/kontakt/",
            {"subject": "Pilot 2026", "message": "Hätten Sie Zeit?"},
        )
    assert r.status_code == 302
    for member in (provider_user, colleague):
        notice = Notification.objects.get(user=member)
        assert notice.kind == "contact" and notice.url == "/anbieter/konto/anfragen/"
        assert notice.subject == "Kontaktanfrage von Bad Hersfeld: Pilot 2026"
        assert "Hätten Sie Zeit?" in notice.body and municipality_user.email in notice.body
        assert notice.read_at is None
        [mail] = _mails_to(mailoutbox, member)
        assert "Pilot 2026" in mail.subject and "Hätten Sie Zeit?" in mail.body
    assert not Notification.objects.filter(user__in=[other_provider_user, municipality_user])


# 4. View counters -----------------------------------------------------------------------------


def test_provider_profile_views_are_counted_for_others_only(
    client, client_for, own, provider_user, outsider, municipality_user
):
    url = own.get_absolute_url()
    client.get(url)
    client_for(outsider).get(url)
    client_for(municipality_user).get(url)
    client_for(provider_user).get(url)  # own views are not counted
    own.refresh_from_db()
    assert own.view_count == 3


def test_unpublished_profile_views_are_not_counted(client_for, provider_org, office_user):
    draft = ProviderProfileFactory(organisation=provider_org, status=Status.DRAFT)
    assert client_for(office_user).get(draft.get_absolute_url()).status_code == 200
    draft.refresh_from_db()
    assert draft.view_count == 0


def test_dashboard_shows_views_of_profile_and_solutions(client, client_for, own, provider_user):
    parking = SolutionFactory(provider=own, title="Parkleitsystem")
    water = SolutionFactory(provider=own, title="Pegelmessung")
    for _ in range(3):
        client.get(own.get_absolute_url())
    for _ in range(2):
        client.get(parking.get_absolute_url())
    Solution.objects.filter(pk=water.pk).update(view_count=17)
    r = client_for(provider_user).get("/anbieter/konto/")
    assert "Aufrufe: 3" in r.content.decode()
    counts = {s.title: s.view_count for s in r.context["solutions"]}
    assert counts == {"Parkleitsystem": 2, "Pegelmessung": 17}
    html = r.content.decode()
    for title, n in counts.items():
        assert re.search(rf"{title}</a></th>(<td>[^<]*</td>){{2}}<td>{n}</td></tr>", html)


# 5. Import progress ---------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _exchange_file(tmp_path, n):
    doc = {
        "format": "smart-region-catalog/1",
        "providers": [{"id": "prov-x", "name": "X GmbH"}],
        "solutions": [
            {
                "id": f"sol-{i}",
                "provider": "prov-x",
                "title": f"L {i}",
                "summary": "S",
                "topics": ["wasser"],
            }
            for i in range(n)
        ],  # fmt: skip
    }
    path = tmp_path / "katalog.json"
    path.write_text(json.dumps(doc))
    return path


def test_import_command_shows_progress_on_a_terminal(tmp_path, monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)  # tqdm writes to the process's stderr
    out = io.StringIO()
    call_command("import_catalog", str(_exchange_file(tmp_path, 6)), stdout=out)
    progress = terminal.getvalue()
    assert "7/7" in progress and "record" in progress  # 1 provider + 6 solutions
    assert "solutions: 6 created, 0 updated, 0 unchanged" in out.getvalue()
    assert Solution.objects.count() == 6


def test_import_command_is_quiet_without_a_terminal(tmp_path, monkeypatch):
    log = io.StringIO()  # cron, CI: no progress bar in the log
    monkeypatch.setattr("sys.stderr", log)
    out = io.StringIO()
    call_command("import_catalog", str(_exchange_file(tmp_path, 3)), stdout=out)
    assert log.getvalue() == ""
    assert "providers: 1 created" in out.getvalue()


# 6. Profile history for the office ------------------------------------------------------------


@pytest.fixture
def edited_profile(own, provider_user, office_user):
    own.status = Status.DRAFT
    own.save()
    form = ProviderProfileForm(
        {"name": own.name, "short_text": "Sensoren für Parkplätze", "city": "Fulda"},
        instance=own,
    )
    assert form.is_valid(), form.errors
    services.save_provider_profile(actor=provider_user, form=form)
    services.transition(own, Status.SUBMITTED, actor=provider_user)
    services.transition(own, Status.PUBLISHED, actor=office_user)
    return own


def test_office_sees_the_profile_history_with_changed_fields(
    client_for, office_user, provider_user, edited_profile
):
    r = client_for(office_user).get(edited_profile.get_absolute_url())
    html = r.content.decode()
    assert "Verlauf" in html and provider_user.email in html
    assert "Anbieterprofil geändert (Kurzbeschreibung, Ort)" in html
    assert "Status des Anbieterprofils geändert: Eingereicht → Veröffentlicht" in html
    assert [e.action for e in r.context["history"]] == [
        "catalog.provider.status_changed",
        "catalog.provider.status_changed",
        "catalog.provider.edited",
    ]


def test_solution_history_shows_changed_fields(client_for, office_user, own):
    solution = SolutionFactory(provider=own, status=Status.DRAFT)
    services.save_solution(
        actor=office_user, form=_solution_form(solution, price_model="Miete pro Sensor")
    )
    html = client_for(office_user).get(solution.get_absolute_url()).content.decode()
    assert "Lösung geändert (Preismodell)" in html


@pytest.mark.parametrize("who", ["anonymous", "other_provider_user", "provider_user", "outsider"])
def test_profile_history_is_hidden_from_everyone_else(request, who, edited_profile):
    c = Client()
    if who != "anonymous":
        c.force_login(request.getfixturevalue(who))
    r = c.get(edited_profile.get_absolute_url())
    assert r.status_code == 200
    assert r.context["history"] is None
    html = r.content.decode()
    assert "Verlauf" not in html and "short_text" not in html


# 7. Query counts ------------------------------------------------------------------------------


def _count_queries(client, url):
    client.get(url)  # warm the per-process search caches for this catalog version
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_solutions(profile, n, topics, towns):
    for _ in range(n):
        solution = SolutionFactory(provider=profile, topics=topics)
        for town in towns:
            Reference.objects.create(
                solution=solution, municipality=town, status=Reference.Status.CONFIRMED
            )


def test_solution_list_query_count_is_the_same_for_2_and_20_rows(client, own):
    topics = list(Topic.objects.all()[:3])
    towns = [MunicipalityFactory(), MunicipalityFactory()]
    _add_solutions(own, 2, topics, towns)
    small = _count_queries(client, "/loesungen/")
    _add_solutions(own, 18, topics, towns)
    big = _count_queries(client, "/loesungen/")
    html = client.get("/loesungen/").content.decode()
    assert html.count("2 bestätigte Referenzen") >= 10  # the rows really show references
    assert big == small


def test_solution_page_query_count_is_the_same_for_1_and_6_topics_and_references(client, own):
    topics = list(Topic.objects.all()[:6])
    assert len(topics) == 6
    towns = [MunicipalityFactory() for _ in range(6)]
    counts = []
    for n in (1, 6):
        solution = SolutionFactory(provider=own, topics=topics[:n])
        for town in towns[:n]:
            Reference.objects.create(solution=solution, municipality=town, year=2024)
        html = client.get(solution.get_absolute_url()).content.decode()
        shown = [t.name for t in topics[:n]] + [m.name for m in towns[:n]]
        assert all(escape(name) in html for name in shown)
        counts.append(_count_queries(client, solution.get_absolute_url()))
    assert counts[0] == counts[1]


# 8. Logo size ---------------------------------------------------------------------------------


def test_logo_over_2_mb_is_refused_and_nothing_is_stored(client_for, provider_user, own):
    big = _image_bytes() + b"\0" * (2 * 1024 * 1024)
    r = client_for(provider_user).post(
        "/anbieter/konto/profil/",
        {
            "name": own.name,
            "logo": SimpleUploadedFile("logo.png", big, "image/png"),
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors["logo"] == ["Die Datei ist zu groß (höchstens 2 MB)."]
    own.refresh_from_db()
    assert not own.logo
    assert not default_storage.exists("public/logos")
    assert not AuditEntry.objects.filter(action="catalog.provider.edited").exists()


def test_logo_just_under_2_mb_is_accepted(client_for, provider_user, own):
    logo = _image_bytes() + b"\0" * (2 * 1024 * 1024 - len(_image_bytes()) - 1)
    r = client_for(provider_user).post(
        "/anbieter/konto/profil/",
        {
            "name": own.name,
            "logo": SimpleUploadedFile("logo.png", logo, "image/png"),
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert r.status_code == 302
    own.refresh_from_db()
    assert own.logo and default_storage.exists(own.logo.name)
