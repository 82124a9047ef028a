"""Demo partnerships (idempotent): Bad Hersfeld's parking guidance in regular operation with a
reference on the solution; Fulda's environment sensors in the R&D phase with one overdue
milestone."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Membership, Organisation, User
from municipalities.models import Municipality

from . import services
from .models import Partnership


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
            due_on=today - timedelta(days=30),
            deliverables="40 Sensoren, Gateway",
            instalment=Decimal("4000.00"),
        )
        services.deliver_milestone(actor=provider_user, milestone=milestone)
        services.accept_milestone(actor=town_user, milestone=milestone)
        services.start_evaluation(actor=town_user, partnership=p, comment="Testbetrieb beendet")
        for criterion in p.criteria.all():
            services.score_criterion(actor=town_user, criterion=criterion, score=4)
        services.enter_performance(
            actor=town_user,
            partnership=p,
            procurement_route="negotiated_with_competition",
            evaluation_decision="Test erfolgreich: Regelbetrieb für die gesamte Innenstadt.",
            special_conditions="Wartung im ersten Jahr kostenfrei, 15 % Nachlass.",
            marketing_consent=True,
            comment="Überführung in den Regelbetrieb",
        )
        stdout.write("  Partnerschaft Bad Hersfeld (Regelbetrieb) angelegt")

    fulda = _org(
        Organisation.Kind.MUNICIPALITY, "Fulda", Municipality.objects.filter(ags="06631009").first()
    )
    sensors = _org(Organisation.Kind.PROVIDER, "LuftBlick Umweltsensorik UG")
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
        stdout.write("  Partnerschaft Fulda (F&E-Phase, eine Etappe überfällig) angelegt")
