"""Figures for the office cockpit (/geschaeftsstelle/statistik/).

Each figure is a small table (columns + rows) computed from the database for a date range;
the page draws it as an SVG chart with the table beside it, and exports it as CSV.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organisation
from catalog.models import Reference, Solution, Status, Topic
from events.models import Registration, Workshop
from matching.models import Need, SearchLog
from matching.need_matches import with_shown_match
from municipalities.models import Municipality


@dataclass
class DateRange:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def default(cls):
        today = timezone.localdate()
        start = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
        return cls(start, today)

    @property
    def start_dt(self):
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_dt(self):
        """Exclusive upper bound: the start of the day after `end`."""
        return timezone.make_aware(
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min)
        )

    def months(self):
        month, months = self.start.replace(day=1), []
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months

    def filter(self, queryset, field_name):
        return queryset.filter(
            **{f"{field_name}__gte": self.start_dt, f"{field_name}__lt": self.end_dt}
        )


@dataclass
class Figure:
    slug: str
    title: str
    columns: list
    rows: list
    chart: str  # "line", "bar", "map" or "table"
    description: str = ""
    extra: dict = field(default_factory=dict)


def month_label(month):
    return month.strftime("%Y-%m")


def per_month(queryset, field_name, period):
    """{first day of month: count} of rows whose `field_name` falls in the period."""
    rows = (
        period.filter(queryset, field_name)
        .annotate(month=TruncMonth(field_name, tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    counts = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        counts[month.replace(day=1)] = counts.get(month.replace(day=1), 0) + row["n"]
    return counts


def growth_sources():
    """(label, queryset, date field) of everything counted "over time"."""

    return [
        (_("Providers"), Organisation.objects.providers(), "created_at"),
        # A solution counts from its first publication (drafts are not on the market).
        (_("Solutions"), Solution.objects.filter(published_at__isnull=False), "published_at"),
        (
            _("References"),
            Reference.objects.exclude(status=Reference.Status.REJECTED),
            "created_at",
        ),
    ]


def growth(period):
    """New items per month and the running total at the end of each month."""
    sources = growth_sources()
    months = period.months()
    columns = [_("Month")]
    data = []
    for label, queryset, date_field in sources:
        counts = per_month(queryset, date_field, period)
        before = queryset.filter(**{f"{date_field}__lt": period.start_dt}).count()
        running, totals, news = before, [], []
        for month in months:
            running += counts.get(month, 0)
            news.append(counts.get(month, 0))
            totals.append(running)
        columns += [_("%(label)s new") % {"label": label}, _("%(label)s total") % {"label": label}]
        data.append((label, news, totals))
    rows = [
        [month_label(m)] + [v for _, news, totals in data for v in (news[i], totals[i])]
        for i, m in enumerate(months)
    ]
    return Figure(
        "wachstum",
        _("Providers, solutions and references over time"),
        columns,
        rows,
        "line",
        extra={"series": [(label, totals) for label, _news, totals in data]},
    )


def solutions_per_topic(period):
    """Published solutions per topic at the end of the period (a solution may have several)."""

    topics = Topic.objects.annotate(
        n=Count(
            "solutions",
            filter=Q(solutions__status=Status.PUBLISHED, solutions__published_at__lt=period.end_dt),
            distinct=True,
        )
    ).order_by("-n", "position", "name")
    return Figure(
        "handlungsfelder",
        _("Published solutions per topic"),
        [_("Topic"), _("Solutions")],
        [[t.name, t.n] for t in topics],
        "bar",
    )


def needs_per_month(period):
    """Needs posted per month; how many have a match above the threshold (as their own page
    shows it: need_matches.shown, read from the stored matches); how many went on to an
    innovation partnership."""

    months = period.months()
    posted = per_month(Need.objects.all(), "created_at", period)
    with_partnership = per_month(
        Need.objects.filter(partnerships__isnull=False).distinct(), "created_at", period
    )
    in_period = period.filter(Need.objects.all(), "created_at")
    matched = per_month(with_shown_match(in_period), "created_at", period)
    rows = []
    for month in months:
        n, m, p = posted.get(month, 0), matched.get(month, 0), with_partnership.get(month, 0)
        rows.append([month_label(month), n, m, round(100 * m / n) if n else 0, p])
    return Figure(
        "vorhaben",
        _("Needs per month"),
        [
            _("Month"),
            _("Needs"),
            _("With a match above the threshold"),
            _("Share in %"),
            _("Went on to a partnership"),
        ],
        rows,
        "line",
        description=_(
            "Needs by the month they were posted; matches are scored against today's catalog."
        ),
        extra={
            "series": [
                (_("Needs"), [r[1] for r in rows]),
                (_("With a match above the threshold"), [r[2] for r in rows]),
                (_("Went on to a partnership"), [r[4] for r in rows]),
            ]
        },
    )


def workshop_registrations(period):
    """Per workshop starting in the period: registrations by status, attendance as recorded by
    the office after the workshop, and feedback given.

    Attendance cells stay empty until the office has recorded attendance for that workshop;
    the rate is attended / confirmed registrations.
    """

    def count(condition):
        return Count("registrations", filter=Q(**condition), distinct=True)

    workshops = (
        period.filter(Workshop.objects.exclude(status=Workshop.Status.DRAFT), "starts_at")
        .annotate(
            confirmed=count({"registrations__status": Registration.Status.CONFIRMED}),
            waiting=count({"registrations__status": Registration.Status.WAITING}),
            cancelled=count({"registrations__status": Registration.Status.CANCELLED}),
            attended=count({"registrations__attended": True}),
            recorded=count({"registrations__attended__isnull": False}),
            feedback_count=Count("feedback", distinct=True),
        )
        .order_by("starts_at", "pk")
    )
    rows = []
    for w in workshops:
        attended = w.attended if w.recorded else ""
        rate = round(100 * w.attended / w.confirmed) if w.recorded and w.confirmed else ""
        rows.append(
            [w.title, w.confirmed, attended, rate, w.waiting, w.cancelled, w.feedback_count,
             w.capacity]
        )  # fmt: skip
    return Figure(
        "veranstaltungen",
        _("Workshop registrations and attendance"),
        [
            _("Workshop"),
            _("Confirmed"),
            _("Attended"),
            _("Attendance in %"),
            _("Waiting list"),
            _("Cancelled"),
            _("Feedback given"),
            _("Capacity"),
        ],
        rows,
        "pairs",
        description=_(
            "Workshops starting in the period: confirmed registrations and, once the office has "
            "recorded it, attendance."
        ),
        extra={
            "series": [
                (_("Confirmed"), [r[1] for r in rows]),
                (_("Attended"), [r[2] or 0 for r in rows]),
            ]
        },
    )


def reached_municipalities(period):
    """Municipalities with an approved member by the end of the period (a pending request
    creates the organisation, but reaches nobody)."""
    approved = Membership.objects.active().filter(
        organisation__municipality=OuterRef("pk"), created_at__lt=period.end_dt
    )
    return Municipality.objects.gemeinden().filter(Exists(approved))


def municipalities_map(period):
    reached = set(reached_municipalities(period).values_list("pk", flat=True))
    places, by_district = [], {}
    for m in Municipality.objects.gemeinden().only("pk", "lat", "lon", "district", "district_ags"):
        entry = by_district.setdefault(
            m.district_ags, {"name": m.district, "lat": [], "lon": [], "total": 0, "reached": 0}
        )
        entry["total"] += 1
        entry["reached"] += m.pk in reached
        if m.lat is not None and m.lon is not None:
            places.append((m.lat, m.lon, m.pk in reached))
            entry["lat"].append(float(m.lat))
            entry["lon"].append(float(m.lon))
    rows, districts = [], []
    for key, entry in sorted(by_district.items(), key=lambda kv: kv[1]["name"]):
        share = round(100 * entry["reached"] / entry["total"]) if entry["total"] else 0
        rows.append([entry["name"], key, entry["total"], entry["reached"], share])
        if entry["lat"]:
            districts.append(
                (
                    entry["name"],
                    sum(entry["lat"]) / len(entry["lat"]),
                    sum(entry["lon"]) / len(entry["lon"]),
                    entry["reached"],
                )
            )
    return Figure(
        "kommunen",
        _("Municipalities reached, by district"),
        [_("District"), _("District key"), _("Municipalities"), _("Reached"), _("Share in %")],
        rows,
        "map",
        description=_(
            "Squares: municipalities with an approved member on the platform; grey dots: the "
            "others; circles: reached municipalities per district."
        ),
        extra={"places": places, "districts": districts},
    )


# A term without results is shown once this many visitors searched it (each visitor counts
# once a day, matching.searchlog): one client's junk stays out of the office's list.
UNMET_MIN_VISITORS = 3


def unmet_searches(period, limit=20):
    """The most frequent searches that found nothing: what the market lacks."""

    rows = (
        period.filter(SearchLog.objects.filter(result_count=0), "created_at")
        .values("query_folded")
        .annotate(n=Sum("searches"), example=Max("query"))
        .filter(n__gte=UNMET_MIN_VISITORS)
        .order_by("-n", "query_folded")[:limit]
    )
    return Figure(
        "ohne-treffer",
        _("Top searches without results"),
        [_("Search term"), _("Searches")],
        [[row["example"], row["n"]] for row in rows],
        "bar",
        description=_(
            "Searches with the same words (ignoring case and umlaut spelling) count together; "
            "a term is listed once at least three visitors searched it (each once a day)."
        ),
    )


FIGURES = {
    "wachstum": growth,
    "handlungsfelder": solutions_per_topic,
    "vorhaben": needs_per_month,
    "veranstaltungen": workshop_registrations,
    "kommunen": municipalities_map,
    "ohne-treffer": unmet_searches,
}


def all_figures(period):
    return [build(period) for build in FIGURES.values()]


def figure_by_slug(slug, period):
    build = FIGURES.get(slug)
    return build(period) if build else None
