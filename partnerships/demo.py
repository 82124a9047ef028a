"""Demo partnerships (idempotent): Bad Hersfeld's parking guidance in regular operation with a
reference on the solution; Fulda's environment sensors in the R&D phase with one overdue
milestone. Both on a realistic timeline: the steps are spread over the months before today
(dates of stages, milestones and decision-log rows), not all on the day the demo was loaded."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from catalog.models import Reference
from core.models import AuditEntry
from municipalities.models import Municipality

from . import services
from .models import Milestone, Partnership


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _mark():
    """The newest audit row so far: the rows written after it belong to the next step."""
    return AuditEntry.objects.aggregate(pk=Max("pk"))["pk"] or 0


def _dated(since, day, hour=10):
    """Date the audit rows written since `since` (one step of the demo) on `day`."""
    AuditEntry.objects.filter(pk__gt=since).update(created_at=_at(day, hour))
    return _mark()


def _org(kind, name, municipality=None):
    if municipality is not None:
        org, _created = Organisation.objects.get_or_create(
            municipality=municipality, defaults={"kind": kind, "name": name}
        )
        return org
    org = Organisation.objects.filter(kind=kind, name=name).first()
    return org or Organisation.objects.create(kind=kind, name=name)


def _actor(org, email):
    """A demo person acting for `org` (no password: these only appear in the decision log)."""
    user, created = User.objects.get_or_create(email=email, defaults={"name": email.split("@")[0]})
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.update_or_create(
        user=user,
        organisation=org,
        defaults={"role": Membership.Role.EDITOR, "status": Membership.Status.ACTIVE},
    )
    return user


def _start(*, town, provider, title, problem, goals, lines, bonus_percent, criteria):
    from catalog.models import Solution

    town_user = _actor(town, f"partnerschaft-demo@{town.slug}.example")
    provider_user = _actor(provider, f"partnerschaft-demo@{provider.slug}.example")
    partnership = Partnership.objects.filter(municipality=town, title=title).first()
    if partnership is not None:
        return None, town_user, provider_user
    partnership = services.create_partnership(
        actor=town_user,
        municipality=town,
        title=title,
        problem=problem,
        goals=goals,
        provider=provider,
        solution=Solution.objects.filter(provider__organisation=provider).order_by("pk").first(),
    )
    services.accept_invitation(actor=provider_user, partnership=partnership)
    for description, amount in lines:
        services.add_budget_line(
            actor=town_user,
            partnership=partnership,
            description=description,
            amount=Decimal(amount),
        )
    services.update_partnership(
        actor=town_user,
        partnership=partnership,
        data={"bonus_percent": Decimal(bonus_percent), "procedure_start": timezone.localdate()},
    )
    for title_, target in criteria:
        services.add_criterion(
            actor=town_user, partnership=partnership, title=title_, target=target
        )
    return partnership, town_user, provider_user


def load(stdout):
    today = timezone.localdate()
    hersfeld = _org(
        Organisation.Kind.MUNICIPALITY,
        "Bad Hersfeld",
        Municipality.objects.filter(ags="06632002").first(),
    )
    # The demo provider login's organisation (accounts demo) if present: a parking start-up.
    parking = Organisation.objects.filter(slug="parksense").first() or _org(
        Organisation.Kind.PROVIDER, "ParkSense GmbH"
    )
    # Bad Hersfeld: started 14 months ago, tested for half a year, in operation for 3 months.
    begun, tested = today - timedelta(days=420), today - timedelta(days=380)
    mark = _mark()
    p, town_user, provider_user = _start(
        town=hersfeld,
        provider=parking,
        title="Parkleitsystem Innenstadt Bad Hersfeld",
        problem="Parksuchverkehr in der Innenstadt; freie Plätze sind nicht sichtbar.",
        goals="Freie Stellplätze in Echtzeit anzeigen und den Suchverkehr senken.",
        lines=[
            ("Bodensensoren (40 Stück)", "4200.00"),
            ("Gateway und Installation", "2300.00"),
            ("Anzeigetafeln (Prototyp)", "1500.00"),
        ],
        bonus_percent="10",
        criteria=[
            ("Erkennungsgenauigkeit", "≥ 95 % korrekt belegt/frei"),
            ("Suchverkehr", "−20 % Durchfahrten im Testgebiet"),
        ],
    )
    if p is not None:
        mark = _dated(mark, begun)
        Partnership.objects.filter(pk=p.pk).update(
            created_at=_at(begun),
            provider_accepted_at=_at(begun + timedelta(days=2)),
            procedure_start=begun,
        )
        services.update_partnership(
            actor=town_user,
            partnership=p,
            data={
                "test_area": "Parkplätze Linggplatz und Am Hopfengarten",
                "data_protection": "Keine personenbezogenen Daten; nur Belegungszustände.",
                "ip_licence": "Rechte bleiben beim Start-up; die Stadt erhält eine "
                "unentgeltliche Nutzungslizenz.",
                "termination_rights": "Beide Seiten mit vier Wochen Frist.",
                "estimated_total_value": Decimal("180000.00"),
            },
        )
        services.start_rnd(actor=town_user, partnership=p, comment="Testvereinbarung unterzeichnet")
        milestone = services.add_milestone(
            actor=town_user,
            partnership=p,
            title="Sensoren installiert",
            due_on=today - timedelta(days=200),
            deliverables="40 Sensoren, Gateway",
            instalment=Decimal("4000.00"),
        )
        mark = _dated(mark, tested)
        delivered = today - timedelta(days=204)
        services.deliver_milestone(actor=provider_user, milestone=milestone)
        mark = _dated(mark, delivered)
        services.accept_milestone(actor=town_user, milestone=milestone)
        mark = _dated(mark, today - timedelta(days=198))
        Milestone.objects.filter(pk=milestone.pk).update(
            delivered_at=_at(delivered), accepted_at=_at(today - timedelta(days=198))
        )
        services.start_evaluation(actor=town_user, partnership=p, comment="Testbetrieb beendet")
        mark = _dated(mark, today - timedelta(days=150))
        for criterion in p.criteria.all():
            services.score_criterion(actor=town_user, criterion=criterion, score=4)
        mark = _dated(mark, today - timedelta(days=120))
        services.enter_performance(
            actor=town_user,
            partnership=p,
            procurement_route="negotiated_with_competition",
            evaluation_decision="Test erfolgreich: Regelbetrieb für die gesamte Innenstadt.",
            special_conditions="Wartung im ersten Jahr kostenfrei, 15 % Nachlass.",
            marketing_consent=True,
            comment="Überführung in den Regelbetrieb",
        )
        operating = today - timedelta(days=90)
        _dated(mark, operating)
        Partnership.objects.filter(pk=p.pk).update(
            rnd_started_on=tested,
            evaluation_started_on=today - timedelta(days=150),
            performance_started_on=operating,
            reference_added_at=_at(operating),
        )
        p.refresh_from_db()
        Reference.objects.filter(
            solution=p.solution_id, status=Reference.Status.FROM_PARTNERSHIP
        ).update(created_at=_at(operating), confirmed_at=_at(operating))
        stdout.write("  Partnerschaft Bad Hersfeld (Regelbetrieb) angelegt")

    fulda = _org(
        Organisation.Kind.MUNICIPALITY, "Fulda", Municipality.objects.filter(ags="06631009").first()
    )
    sensors = _org(Organisation.Kind.PROVIDER, "LuftBlick Umweltsensorik UG")
    # Fulda: started four months ago, in the R&D phase for three.
    begun, tested = today - timedelta(days=120), today - timedelta(days=90)
    mark = _mark()
    p, town_user, provider_user = _start(
        town=fulda,
        provider=sensors,
        title="Umweltsensoren für die Innenstadt Fulda",
        problem="Keine kleinräumigen Daten zu Luftqualität und Hitze.",
        goals="Messnetz mit 20 Sensoren, offene Daten im Portal.",
        lines=[("Sensorknoten (20 Stück)", "5000.00"), ("LoRaWAN-Anbindung", "1800.00")],
        bonus_percent="8",
        criteria=[("Datenverfügbarkeit", "≥ 98 % der Messwerte")],
    )
    if p is not None:
        mark = _dated(mark, begun)
        Partnership.objects.filter(pk=p.pk).update(
            created_at=_at(begun),
            provider_accepted_at=_at(begun + timedelta(days=3)),
            procedure_start=begun,
        )
        services.start_rnd(actor=town_user, partnership=p, comment="Testgebiet freigegeben")
        services.add_milestone(
            actor=town_user,
            partnership=p,
            title="Sensorknoten montiert",
            due_on=today - timedelta(days=10),
            deliverables="20 Sensoren an Laternen",
            instalment=Decimal("3000.00"),
        )
        services.add_milestone(
            actor=town_user,
            partnership=p,
            title="Datenportal angebunden",
            due_on=today + timedelta(days=45),
            instalment=Decimal("3000.00"),
        )
        _dated(mark, tested)
        Partnership.objects.filter(pk=p.pk).update(rnd_started_on=tested)
        stdout.write("  Partnerschaft Fulda (F&E-Phase, eine Etappe überfällig) angelegt")
