from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from catalog.models import Topic
from events import services
from events.models import Material, Registration, Workshop

from .factories import WorkshopFactory, past

BERLIN = ZoneInfo("Europe/Berlin")
SECRET = "https://video.example.org/raum-geheim"
pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def materials(workshop):
    hidden = Material.objects.create(
        workshop=workshop, title="Interne Folien", file=SimpleUploadedFile("intern.pdf", PDF)
    )
    public = Material.objects.create(
        workshop=workshop, title="Öffentliche Folien", file=SimpleUploadedFile("pub.pdf", PDF),
        published=True,
    )  # fmt: skip
    return hidden, public


@pytest.fixture
def roles(workshop, municipality_user, other_municipality_user, office_user, outsider,
          accepted_slot, provider_user, other_provider_user):  # fmt: skip
    services.register(actor=municipality_user, workshop=workshop)
    return {
        "participant": (municipality_user, True),
        "presenter": (provider_user, True),
        "office": (office_user, True),
        "unregistered town": (other_municipality_user, False),
        "other provider": (other_provider_user, False),
        "outsider": (outsider, False),
        "anonymous": (None, False),
    }


@pytest.mark.parametrize(
    "role",
    ["participant", "presenter", "office", "unregistered town", "other provider", "outsider",
     "anonymous"],
)  # fmt: skip
def test_video_link_and_unpublished_materials_per_role(
    role, roles, workshop, materials, client, client_for
):
    user, allowed = roles[role]
    c = client_for(user) if user else client
    hidden, public = materials
    page = c.get(workshop.get_absolute_url()).content.decode()
    assert (SECRET in page) is allowed
    assert ("Interne Folien" in page) is allowed
    assert "Öffentliche Folien" in page
    direct = c.get(hidden.get_absolute_url())
    assert direct.status_code == (200 if allowed else 404)
    if allowed:
        assert b"".join(direct.streaming_content).startswith(b"%PDF")
    assert c.get(public.get_absolute_url()).status_code == 200
    ics = c.get(reverse("events:ics", args=[workshop.slug])).content.decode()
    assert (SECRET in ics.replace("\r\n ", "")) is allowed


def test_waiting_list_does_not_see_link(workshop, town_member, client_for):
    people = [town_member() for _ in range(3)]
    for person in people:
        services.register(actor=person, workshop=workshop)
    assert Registration.objects.get(user=people[2]).status == "waiting"
    assert SECRET not in client_for(people[2]).get(workshop.get_absolute_url()).content.decode()


def test_draft_invisible_except_office(client_for, municipality_user, office_user, client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client_for(municipality_user).get(draft.get_absolute_url()).status_code == 404
    assert client_for(office_user).get(draft.get_absolute_url()).status_code == 200
    assert draft.title not in client.get(reverse("events:list")).content.decode()


def test_register_and_cancel_through_pages(workshop, municipality_user, client_for):
    c = client_for(municipality_user)
    c.post(reverse("events:register", args=[workshop.slug]))
    reg = Registration.objects.get(user=municipality_user)
    assert reg.status == "confirmed"
    url = reverse("events:cancel_registration", args=[reg.token])
    assert c.get(url).status_code == 200
    c.post(url)
    reg.refresh_from_db()
    assert reg.status == "cancelled"


def test_cancel_link_of_someone_else_is_404(
    workshop, municipality_user, other_municipality_user, client_for
):
    reg = services.register(actor=municipality_user, workshop=workshop)
    c = client_for(other_municipality_user)
    url = reverse("events:cancel_registration", args=[reg.token])
    assert c.get(url).status_code == 404
    assert c.post(url).status_code == 404
    reg.refresh_from_db()
    assert reg.status == "confirmed"


def test_register_after_deadline_shows_error(municipality_user, client_for):
    workshop = WorkshopFactory()
    Workshop.objects.filter(pk=workshop.pk).update(
        registration_deadline=workshop.starts_at - timedelta(days=30)
    )
    response = client_for(municipality_user).post(
        reverse("events:register", args=[workshop.slug]), follow=True
    )
    assert not Registration.objects.exists()
    assert "geschlossen" in response.content.decode()


def _parse(content):
    cal = Calendar.from_ical(content)
    return cal, list(cal.walk("VEVENT"))


@pytest.mark.parametrize(
    ("local_start", "utc_hour"),
    [
        (datetime(2027, 3, 27, 10, 0, tzinfo=BERLIN), 9),  # Saturday before the change: CET
        (datetime(2027, 3, 29, 10, 0, tzinfo=BERLIN), 8),  # after: CEST
        (datetime(2027, 10, 30, 10, 0, tzinfo=BERLIN), 8),  # before the change back: CEST
        (datetime(2027, 11, 1, 10, 0, tzinfo=BERLIN), 9),  # after: CET
    ],
)
def test_ics_valid_and_correct_across_dst(client, local_start, utc_hour):
    workshop = WorkshopFactory(starts_at=local_start, ends_at=local_start + timedelta(hours=2))
    response = client.get(reverse("events:ics", args=[workshop.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    cal, events = _parse(response.content)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    (event,) = events
    start = event.decoded("DTSTART")
    assert start == local_start
    assert start.utcoffset() == timedelta(0) and start.hour == utc_hour
    assert event.decoded("DTEND") - start == timedelta(hours=2)
    assert str(event["UID"]).startswith(f"workshop-{workshop.pk}@")
    assert "DTSTAMP" in event


def test_feed_lists_published_workshops_only(client):
    published = WorkshopFactory(title="Öffentlich")
    WorkshopFactory(title="Entwurf", status=Workshop.Status.DRAFT)
    cal, events = _parse(client.get(reverse("events:feed")).content)
    assert [str(e["SUMMARY"]) for e in events] == [published.title]
    assert SECRET not in cal.to_ical().decode()


def test_list_upcoming_past_and_topic_filter(client):
    water = Topic.objects.get(slug="wasser")
    upcoming = WorkshopFactory(title="Kommt noch")
    upcoming.topics.set([water])
    old = past(WorkshopFactory(title="War schon"))
    page = client.get(reverse("events:list")).content.decode()
    assert page.index("Kommt noch") < page.index("War schon")
    filtered = client.get(reverse("events:list"), {"thema": "wasser"}).content.decode()
    assert "Kommt noch" in filtered and old.title not in filtered


def test_list_htmx_returns_partial(client):
    WorkshopFactory(title="Kommt noch")
    response = client.get(reverse("events:list"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode() and "Kommt noch" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_constant(rows, client, django_assert_num_queries):
    water = Topic.objects.get(slug="wasser")
    for _ in range(rows):
        WorkshopFactory().topics.set([water])
        past(WorkshopFactory()).topics.set([water])
    with django_assert_num_queries(5):
        assert client.get(reverse("events:list")).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_detail_query_count_constant(rows, workshop, office_user, town_member, client_for,
                                     django_assert_num_queries):  # fmt: skip
    from catalog.tests.factories import SolutionFactory

    for i in range(rows):
        person = town_member()
        workshop.capacity = 100
        workshop.save()
        services.register(actor=person, workshop=workshop)
        services.ask_question(actor=person, workshop=workshop, text=f"Frage {i}")
        workshop.slots.create(
            solution=(s := SolutionFactory()), provider=s.provider, abstract="a",
            status="accepted",
        )  # fmt: skip
        Material.objects.create(workshop=workshop, title=f"M{i}", url="https://a.example/r")
    with django_assert_num_queries(26):
        assert client_for(office_user).get(workshop.get_absolute_url()).status_code == 200


def test_office_pages_only_for_office(
    workshop, client_for, office_user, municipality_user, provider_user, client
):
    urls = [
        reverse("events:manage"),
        reverse("events:create"),
        reverse("events:manage_detail", args=[workshop.slug]),
        reverse("events:edit", args=[workshop.slug]),
        reverse("events:participants_csv", args=[workshop.slug]),
    ]
    for user in (municipality_user, provider_user):
        for url in urls:
            assert client_for(user).get(url).status_code == 403
    c = client_for(office_user)
    for url in urls:
        assert c.get(url).status_code == 200
    response = c.post(reverse("events:transition", args=[workshop.slug]), {"to": "cancelled"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == "cancelled"


def test_office_transition_refused_for_others(workshop, client_for, municipality_user):
    response = client_for(municipality_user).post(
        reverse("events:transition", args=[workshop.slug]), {"to": "cancelled"}
    )
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.status == "published"


def test_office_creates_workshop_with_validation(client_for, office_user):
    c = client_for(office_user)
    data = {
        "title": "Smarte Wasserwirtschaft", "theme": "Wasser", "description": "**Hallo**",
        "starts_at": "2027-03-28T10:00", "ends_at": "2027-03-28T09:00", "format": "online",
        "video_link": "", "capacity": 30, "registration_deadline": "2027-03-27T12:00",
        "audience": "municipalities",
    }  # fmt: skip
    response = c.post(reverse("events:create"), data)
    assert response.status_code == 200 and not Workshop.objects.exists()
    body = response.content.decode()
    assert "Online- und Hybrid-Veranstaltungen brauchen einen Video-Link." in body
    data.update(ends_at="2027-03-28T12:00", video_link="https://video.example.org/w")
    c.post(reverse("events:create"), data)
    workshop = Workshop.objects.get()
    assert workshop.status == "draft"
    assert workshop.starts_at == datetime(2027, 3, 28, 10, 0, tzinfo=BERLIN)


def test_participants_csv(workshop, office_user, municipality_user, municipality_org, client_for):
    services.register(actor=municipality_user, workshop=workshop)
    body = (
        client_for(office_user)
        .get(reverse("events:participants_csv", args=[workshop.slug]))
        .content.decode()
    )
    assert municipality_user.email in body and municipality_org.name in body


def test_provider_applies_and_office_accepts_agenda_links(
    workshop, solution, provider_user, office_user, client_for, client
):
    c = client_for(provider_user)
    c.post(reverse("events:apply", args=[workshop.slug]),
           {"solution": solution.pk, "abstract": "Pegelsensoren"})  # fmt: skip
    slot = workshop.slots.get()
    client_for(office_user).post(
        reverse("events:decide_slot", args=[workshop.slug, slot.pk]),
        {"accept": "on", "starts_at": "2027-03-28T10:00", "ends_at": "2027-03-28T10:20"},
    )
    slot.refresh_from_db()
    assert slot.status == "accepted"
    client.logout()
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert solution.get_absolute_url() in page
    assert solution.provider.get_absolute_url() in page


def test_apply_form_offers_only_own_solutions(workshop, solution, other_provider_user, client_for):
    response = client_for(other_provider_user).post(
        reverse("events:apply", args=[workshop.slug]), {"solution": solution.pk, "abstract": "x"}
    )
    assert response.status_code == 200 and not workshop.slots.exists()


def test_question_flow_through_pages(workshop, municipality_user, other_municipality_user,
                                     provider_user, accepted_slot, client_for):  # fmt: skip
    services.register(actor=municipality_user, workshop=workshop)
    services.register(actor=other_municipality_user, workshop=workshop)
    client_for(municipality_user).post(
        reverse("events:ask", args=[workshop.slug]),
        {"question-text": "Wie erkennen wir Trockenstress?", "question-anonymous": "on"},
    )
    q = workshop.questions.get()
    assert q.anonymous
    c = client_for(other_municipality_user)
    c.post(reverse("events:upvote", args=[workshop.slug, q.pk]))
    page = c.get(workshop.get_absolute_url()).content.decode()
    assert "Trockenstress" in page and municipality_user.get_full_name() not in page
    presenter_page = client_for(provider_user).get(workshop.get_absolute_url()).content.decode()
    assert "Trockenstress" in presenter_page and "1 Stimme" in presenter_page


def test_outsider_cannot_read_questions_by_upvote_url(
    workshop, municipality_user, outsider, client_for
):
    q = _ask(workshop, municipality_user)
    response = client_for(outsider).post(reverse("events:upvote", args=[workshop.slug, q.pk]))
    assert response.status_code == 403
    assert not q.votes.exists()


def _ask(workshop, user):
    services.register(actor=user, workshop=workshop)
    return services.ask_question(actor=user, workshop=workshop, text="Frage")


def test_question_to_need_one_click(workshop, municipality_user, client_for):
    q = _ask(workshop, municipality_user)
    past(workshop)
    response = client_for(municipality_user).post(
        reverse("events:question_to_need", args=[workshop.slug, q.pk])
    )
    q.refresh_from_db()
    assert q.need is not None
    assert response.url == q.need.get_absolute_url()


def test_material_upload_through_page_checks_content(workshop, office_user, client_for):
    c = client_for(office_user)
    url = reverse("events:add_material", args=[workshop.slug])
    bad = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = c.post(url, {"title": "Folien", "file": bad})
    assert response.status_code == 200 and not workshop.materials.exists()
    good = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    c.post(url, {"title": "Folien", "file": good})
    assert workshop.materials.get().title == "Folien"


def test_feedback_and_contact_after_workshop(
    workshop, municipality_user, accepted_slot, client_for
):
    services.register(actor=municipality_user, workshop=workshop)
    past(workshop)
    c = client_for(municipality_user)
    c.post(
        reverse("events:feedback", args=[workshop.slug]),
        {"feedback-rating": "4", "feedback-text": "Gut"},
    )
    assert workshop.feedback.get().rating == 4
    c.post(reverse("events:contact", args=[workshop.slug, accepted_slot.pk]), {"message": "Hallo"})
    assert accepted_slot.provider.contact_requests.count() == 1
