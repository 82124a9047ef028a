"""The daily retention task deletes or reduces exactly what is due at a fixed moment."""

import datetime as dt
import io

import pytest
from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Membership, User
from accounts.tests.factories import MembershipFactory, UserFactory
from catalog.models import ContactRequest
from catalog.tests.factories import ProviderProfileFactory
from core.models import Notification
from legal.retention import apply_retention
from matching.models import SearchLog
from office.stats import DateRange, figure_by_slug

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)


def _search(query, results, at):
    row = SearchLog.objects.create(
        query=query, query_folded=" ".join(query.lower().split()), result_count=results
    )
    SearchLog.objects.filter(pk=row.pk).update(created_at=at)
    return row


def _user(email, joined, last_login=None, verified=True, **extra):
    user = UserFactory(email=email, verified=verified, **extra)
    User.objects.filter(pk=user.pk).update(date_joined=joined, last_login=last_login)
    user.refresh_from_db()
    return user


@pytest.fixture
def world(db, municipality_org, municipality_user):
    """Rows just past and just before each retention period (defaults: 90 days, 24 months,
    30 days, 3 years + 60 days, 12 months)."""
    local_midnight = timezone.make_aware(dt.datetime(2026, 3, 17))  # NOW minus 90 days
    w = {}
    w["old_search"] = [
        _search("Starkregen Frühwarnung", 0, local_midnight - dt.timedelta(days=5)),
        _search(
            "Starkregen  Frühwarnung",
            0,
            local_midnight - dt.timedelta(days=5) + dt.timedelta(hours=2),
        ),
        _search("starkregen frühwarnung", 0, local_midnight - SECOND),
        _search("Parkplatz", 3, local_midnight - SECOND),
    ]
    w["new_search"] = _search("Drohnen", 0, local_midnight + SECOND)

    profile = ProviderProfileFactory()
    for label, age in [
        ("old", relativedelta(months=24) + SECOND),
        ("new", relativedelta(months=23)),
    ]:
        request = ContactRequest.objects.create(
            provider=profile, sender=municipality_user, sender_organisation=municipality_org,
            subject=f"Anfrage {label}", message="Bitte um Rückruf",
        )  # fmt: skip
        ContactRequest.objects.filter(pk=request.pk).update(created_at=NOW - age)

    w["unconfirmed"] = _user(
        "neu@example.org", NOW - dt.timedelta(days=30) - SECOND, verified=False
    )
    EmailAddress.objects.create(user=w["unconfirmed"], email="neu@example.org", verified=False)
    w["unconfirmed_recent"] = _user(
        "frisch@example.org", NOW - dt.timedelta(days=29), verified=False
    )
    w["confirmed_never_in"] = _user("bestaetigt@example.org", NOW - dt.timedelta(days=40))
    w["operator"] = _user(
        "root@example.org", NOW - dt.timedelta(days=400), verified=False, is_superuser=True
    )

    three_years = relativedelta(years=3)
    w["inactive"] = _user("still@example.org", NOW - 4 * three_years, NOW - three_years - SECOND)
    w["active"] = _user("aktiv@example.org", NOW - 4 * three_years, NOW - three_years + SECOND)
    warned_long_ago = NOW - dt.timedelta(days=60) - SECOND
    w["gone"] = _user(
        "weg@example.org", NOW - 4 * three_years, NOW - 2 * three_years, name="Wilma Weggang"
    )
    w["in_grace"] = _user("bald@example.org", NOW - 4 * three_years, NOW - 2 * three_years)
    w["came_back"] = _user("zurueck@example.org", NOW - 4 * three_years, NOW - dt.timedelta(days=3))
    w["last_admin"] = _user("admin@example.org", NOW - 4 * three_years, NOW - 2 * three_years)
    MembershipFactory(user=w["last_admin"], organisation__name="Einzelfirma GmbH")
    MembershipFactory(user=w["gone"], organisation=municipality_org, role=Membership.Role.EDITOR)
    User.objects.filter(pk__in=[w["gone"].pk, w["came_back"].pk, w["last_admin"].pk]).update(
        inactivity_warned_at=warned_long_ago
    )
    User.objects.filter(pk=w["in_grace"].pk).update(
        inactivity_warned_at=NOW - dt.timedelta(days=59)
    )
    # The cast's own users joined "today" (after NOW) and stay out of every rule.

    for label, age in [
        ("alt", relativedelta(months=12) + SECOND),
        ("neu", relativedelta(months=11)),
    ]:
        note = Notification.objects.create(user=municipality_user, subject=f"Hinweis {label}")
        Notification.objects.filter(pk=note.pk).update(created_at=NOW - age)
    for label, age in [
        ("alt", relativedelta(months=12) + SECOND),
        ("neu", relativedelta(months=11)),
    ]:
        DBTaskResult.objects.create(
            task_path="core.tasks.deliver_email", args_kwargs={"args": [label], "kwargs": {}},
            status="SUCCESSFUL", finished_at=NOW - age, backend_name="default",
        )  # fmt: skip
    return w


def _snapshot():
    return {
        "searches": sorted(
            SearchLog.objects.values_list("query", "searches", "reduced", "created_at")
        ),
        "contacts": sorted(ContactRequest.objects.values_list("subject", flat=True)),
        "users": sorted(
            User.objects.values_list("email", "name", "inactivity_warned_at", "erased_at")
        ),
        "notifications": sorted(Notification.objects.values_list("subject", flat=True)),
        "memberships": Membership.objects.count(),
        "tasks": sorted(DBTaskResult.objects.values_list("args_kwargs", flat=True), key=str),
    }


def test_dry_run_lists_what_is_due_and_changes_nothing(world):
    before = _snapshot()
    results = apply_retention(now=NOW, dry_run=True)
    counts = {r.rule: r.count for r in results}
    assert counts == {
        "search-log": 4,
        "contact-requests": 1,
        "unconfirmed-accounts": 1,
        "inactive-accounts-warned": 1,
        "inactive-accounts-removed": 1,  # and one kept: the last admin of a company
        "notifications": 1,
        "finished-tasks": 1,
    }
    removal = next(r for r in results if r.rule == "inactive-accounts-removed")
    assert removal.text.endswith(
        "1 would be erased, 1 would be kept (last administrator of an organisation)"
    )
    assert _snapshot() == before
    assert not mail.outbox


def test_apply_deletes_and_reduces_exactly_what_is_due(world, django_capture_on_commit_callbacks):
    w = world
    period = DateRange(dt.date(2026, 3, 1), dt.date(2026, 6, 15))
    unmet_before = figure_by_slug("ohne-treffer", period).rows

    with django_capture_on_commit_callbacks(execute=True):
        results = {r.rule: r for r in apply_retention(now=NOW)}

    # Search log: three spellings of one search on two days -> two daily rows; the figure stays.
    reduced = SearchLog.objects.filter(reduced=True).order_by("created_at", "query_folded")
    assert [(r.query_folded, r.searches, r.result_count) for r in reduced] == [
        ("starkregen frühwarnung", 2, 0),
        ("parkplatz", 1, 3),
        ("starkregen frühwarnung", 1, 0),
    ]
    assert all(timezone.localtime(r.created_at).time() == dt.time(0) for r in reduced)
    assert list(SearchLog.objects.filter(reduced=False)) == [w["new_search"]]
    assert figure_by_slug("ohne-treffer", period).rows == unmet_before

    assert list(ContactRequest.objects.values_list("subject", flat=True)) == ["Anfrage new"]
    assert list(Notification.objects.filter(subject__startswith="Hinweis").values_list(
        "subject", flat=True)) == ["Hinweis neu"]  # fmt: skip
    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.all()] == [["neu"]]

    assert not User.objects.filter(pk=w["unconfirmed"].pk).exists()
    for kept in ("unconfirmed_recent", "confirmed_never_in", "operator", "active", "in_grace"):
        assert User.objects.get(pk=w[kept].pk).erased_at is None, kept

    inactive = User.objects.get(pk=w["inactive"].pk)
    assert inactive.inactivity_warned_at == NOW
    assert [m.to for m in mail.outbox] == [["still@example.org"]]
    assert "14.08.2026" in mail.outbox[0].body  # NOW + 60 days grace
    assert User.objects.get(pk=w["active"].pk).inactivity_warned_at is None

    gone = User.objects.get(pk=w["gone"].pk)
    assert gone.erased_at == NOW and not gone.is_active
    assert gone.email.endswith("@geloescht.invalid") and "Wilma" not in gone.name
    assert not Membership.objects.filter(user=gone).exists()
    assert User.objects.get(pk=w["came_back"].pk).inactivity_warned_at is None
    last_admin = User.objects.get(pk=w["last_admin"].pk)
    assert last_admin.erased_at is None and last_admin.email == "admin@example.org"
    assert results["inactive-accounts-removed"].count == 1
    assert "1 were kept (last administrator" in results["inactive-accounts-removed"].text

    # A second run the same day finds nothing more to do.
    again = {r.rule: r.count for r in apply_retention(now=NOW)}
    assert again == dict.fromkeys(again, 0)


def test_a_shorter_setting_deletes_more(world, settings):
    settings.RETENTION_NOTIFICATION_MONTHS = 6
    apply_retention(now=NOW)
    assert not Notification.objects.filter(subject__startswith="Hinweis").exists()


def test_command_prints_each_rule_and_dry_run_changes_nothing(world):
    before = _snapshot()
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    # The command runs at the real "now", so only the shape of its report is fixed here.
    lines = out.getvalue().splitlines()
    assert lines[0] == "Dry run: nothing is changed."
    assert [line.split(":")[0] for line in lines[1:]] == [
        "- search log older than 90 days",
        "- contact requests older than 24 months",
        "- accounts never confirmed for 30 days",
        "- accounts without sign-in for 3 years",
        "- accounts still inactive 60 days after the warning",
        "- notifications older than 12 months",
        "- finished background tasks (e.g. e-mails sent) older than 12 months",
    ]
    assert all("would be" in line for line in lines[1:])
    assert _snapshot() == before


def test_a_late_row_for_a_reduced_day_is_added_to_its_count(world):
    apply_retention(now=NOW)
    day = timezone.make_aware(dt.datetime(2026, 3, 12, 9, 0))
    _search("Starkregen Frühwarnung", 0, day)
    apply_retention(now=NOW)
    rows = SearchLog.objects.filter(
        query_folded="starkregen frühwarnung", created_at__date=day.date()
    )
    assert [(r.searches, r.reduced) for r in rows] == [(3, True)]


def test_queue_option_hands_the_run_to_the_task_worker(world):
    out = io.StringIO()
    call_command("apply_retention", "--queue", stdout=out)  # tests run tasks immediately
    assert out.getvalue().startswith("queued ")
    assert not ContactRequest.objects.filter(subject="Anfrage old").exists()
