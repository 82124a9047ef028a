from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from core.services import history_of
from partnerships import services
from partnerships.models import TRANSITIONS, Milestone, Partnership, Stage
from partnerships.tests.factories import MilestoneFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def to_rnd(p, user):
    return services.start_rnd(actor=user, partnership=p, comment="Los geht's")


def to_evaluation(p, user):
    MilestoneFactory(partnership=p)
    return services.start_evaluation(actor=user, partnership=p, comment="Test beendet")


def score_all(p, user):
    for criterion in p.criteria.all():
        services.score_criterion(actor=user, criterion=criterion, score=4)


def test_budget_is_investment_costs_plus_bonus(partnership):
    assert partnership.investment_costs() == Decimal("8000.00")
    assert partnership.bonus() == Decimal("800.00")
    assert partnership.rnd_budget() == Decimal("8800.00")
    partnership.bonus_percent, partnership.bonus_amount = None, Decimal("500.50")
    assert partnership.rnd_budget() == Decimal("8500.50")


def test_create_from_scratch_only_by_municipality_member(
    municipality_org, municipality_user, provider_user, other_municipality_user, office_user
):
    for user in (provider_user, other_municipality_user, office_user):
        with pytest.raises(PermissionDenied):
            services.create_partnership(actor=user, municipality=municipality_org, title="X")
    p = services.create_partnership(
        actor=municipality_user, municipality=municipality_org, title="Parken", problem="P"
    )
    assert p.stage == Stage.INITIATION
    assert [e.action for e in history_of(p)] == ["partnerships.partnership.created"]


def test_invite_and_accept(
    municipality_org, municipality_user, provider_org, provider_user, other_provider_user
):
    p = services.create_partnership(
        actor=municipality_user, municipality=municipality_org, title="Parken"
    )
    with pytest.raises(PermissionDenied):
        services.invite_provider(actor=provider_user, partnership=p, provider=provider_org)
    with pytest.raises(ValidationError):
        services.invite_provider(actor=municipality_user, partnership=p, provider=municipality_org)
    services.invite_provider(actor=municipality_user, partnership=p, provider=provider_org)
    with pytest.raises(PermissionDenied):
        services.accept_invitation(actor=other_provider_user, partnership=p)
    with pytest.raises(PermissionDenied):
        services.accept_invitation(actor=municipality_user, partnership=p)
    services.accept_invitation(actor=provider_user, partnership=p)
    p.refresh_from_db()
    assert p.provider_accepted_at is not None


def test_full_happy_path_logs_every_decision(partnership, municipality_user, provider_user):
    p = to_rnd(partnership, municipality_user)
    m = MilestoneFactory(partnership=p, instalment=Decimal("4000"))
    services.deliver_milestone(actor=provider_user, milestone=m)
    services.accept_milestone(actor=municipality_user, milestone=m)
    services.start_evaluation(actor=municipality_user, partnership=p, comment="fertig")
    score_all(p, municipality_user)
    services.enter_performance(
        actor=municipality_user,
        partnership=p,
        procurement_route="negotiated",
        evaluation_decision="Erfolgreich",
        special_conditions="10 % Rabatt",
        marketing_consent=False,
        comment="Regelbetrieb",
    )
    p.refresh_from_db()
    assert p.stage == Stage.PERFORMANCE
    log = list(reversed(history_of(p)))
    transitions = [
        (e.from_state, e.to_state, e.actor, e.comment)
        for e in log
        if e.action == "partnerships.partnership.stage_changed"
    ]
    assert transitions == [
        ("initiation", "rnd", municipality_user, "Los geht's"),
        ("rnd", "evaluation", municipality_user, "fertig"),
        ("evaluation", "performance", municipality_user, "Regelbetrieb"),
    ]
    actions = [e.action for e in log]
    for action in (
        "partnerships.milestone.delivered",
        "partnerships.milestone.accepted",
        "partnerships.criterion.scored",
    ):
        assert action in actions
    assert p.reference_added_at is None


ALL_PAIRS = [(a, b) for a in Stage.values for b in Stage.values if a != b]


@pytest.mark.parametrize(("from_stage", "to_stage"), ALL_PAIRS)
def test_every_illegal_transition_is_rejected(partnership, municipality_user, from_stage, to_stage):
    if (from_stage, to_stage) in TRANSITIONS:
        return  # legal pairs are covered by the role tests below
    Partnership.objects.filter(pk=partnership.pk).update(stage=from_stage)
    partnership.refresh_from_db()
    call = {
        Stage.RND: lambda: services.start_rnd(actor=municipality_user, partnership=partnership),
        Stage.EVALUATION: lambda: services.start_evaluation(
            actor=municipality_user, partnership=partnership
        ),
        Stage.PERFORMANCE: lambda: services.enter_performance(
            actor=municipality_user,
            partnership=partnership,
            procurement_route="negotiated",
            evaluation_decision="x",
        ),
        Stage.TERMINATED: lambda: services.terminate(
            actor=municipality_user, partnership=partnership, reason="x"
        ),
        Stage.INITIATION: None,
    }[to_stage]
    if call is None:
        return  # no service leads back to initiation at all
    with pytest.raises(ValidationError):
        call()
    partnership.refresh_from_db()
    assert partnership.stage == from_stage


def test_legal_transition_pairs_are_exactly_these():
    assert set(TRANSITIONS) == {
        ("initiation", "rnd"),
        ("rnd", "evaluation"),
        ("evaluation", "performance"),
        ("initiation", "terminated"),
        ("rnd", "terminated"),
        ("evaluation", "terminated"),
        ("performance", "terminated"),
    }


@pytest.mark.parametrize("stage", ["initiation", "rnd", "evaluation"])
def test_stage_transitions_only_for_the_municipality(
    partnership,
    stage,
    provider_user,
    other_municipality_user,
    office_user,
    outsider,
    municipality_user,
):
    Partnership.objects.filter(pk=partnership.pk).update(stage=stage)
    partnership.refresh_from_db()
    if stage == "rnd":
        MilestoneFactory(partnership=partnership)
    if stage == "evaluation":
        score_all(partnership, municipality_user)
    move = {
        "initiation": lambda u: services.start_rnd(actor=u, partnership=partnership),
        "rnd": lambda u: services.start_evaluation(actor=u, partnership=partnership),
        "evaluation": lambda u: services.enter_performance(
            actor=u,
            partnership=partnership,
            procurement_route="negotiated",
            evaluation_decision="ok",
        ),
    }[stage]
    for user in (provider_user, other_municipality_user, office_user, outsider):
        with pytest.raises(PermissionDenied):
            move(user)
    move(municipality_user)
    partnership.refresh_from_db()
    assert partnership.stage != stage


@pytest.mark.parametrize("stage", ["initiation", "rnd", "evaluation", "performance"])
def test_either_partner_may_terminate_with_reason(
    partnership, stage, provider_user, other_provider_user, office_user
):
    Partnership.objects.filter(pk=partnership.pk).update(stage=stage)
    for user in (other_provider_user, office_user):
        with pytest.raises(PermissionDenied):
            services.terminate(actor=user, partnership=partnership, reason="Kein Bedarf")
    with pytest.raises(ValidationError):
        services.terminate(actor=provider_user, partnership=partnership, reason="  ")
    services.terminate(actor=provider_user, partnership=partnership, reason="Insolvenz")
    partnership.refresh_from_db()
    assert partnership.stage == Stage.TERMINATED
    assert partnership.termination_reason == "Insolvenz"
    entry = history_of(partnership).first()
    assert (entry.from_state, entry.to_state, entry.actor, entry.comment) == (
        stage,
        "terminated",
        provider_user,
        "Insolvenz",
    )


def test_start_rnd_preconditions(municipality_org, provider_org, municipality_user):
    p = PartnershipFactory(
        municipality=municipality_org, provider=provider_org, provider_accepted_at=None, problem=""
    )
    with pytest.raises(ValidationError) as error:
        services.start_rnd(actor=municipality_user, partnership=p)
    assert len(error.value.messages) == 4
    p.refresh_from_db()
    assert p.stage == Stage.INITIATION


def test_performance_needs_scores_decision_and_route(partnership, municipality_user):
    to_rnd(partnership, municipality_user)
    to_evaluation(partnership, municipality_user)
    with pytest.raises(ValidationError) as error:
        services.enter_performance(
            actor=municipality_user,
            partnership=partnership,
            procurement_route="",
            evaluation_decision="",
        )
    assert len(error.value.messages) == 3


def test_instalments_may_not_exceed_budget(partnership, municipality_user):
    services.add_milestone(
        actor=municipality_user,
        partnership=partnership,
        title="A",
        due_on=timezone.localdate(),
        instalment=Decimal("8000.00"),
    )
    with pytest.raises(ValidationError) as error:
        services.add_milestone(
            actor=municipality_user,
            partnership=partnership,
            title="B",
            due_on=timezone.localdate(),
            instalment=Decimal("800.01"),
        )
    assert error.value.messages == [
        "Die Abschlagszahlungen der Etappen (8.800,01\u00a0€) würden das F&E-Budget "
        "(8.800,00\u00a0€) überschreiten."
    ]
    services.add_milestone(
        actor=municipality_user,
        partnership=partnership,
        title="B",
        due_on=timezone.localdate(),
        instalment=Decimal("800.00"),
    )
    with pytest.raises(ValidationError):
        services.update_partnership(
            actor=municipality_user, partnership=partnership, data={"bonus_percent": Decimal("5")}
        )
    partnership.refresh_from_db()
    assert partnership.bonus_percent == Decimal("10.00")


def test_milestone_roles(partnership, municipality_user, provider_user):
    to_rnd(partnership, municipality_user)
    m = MilestoneFactory(partnership=partnership)
    with pytest.raises(ValidationError):
        services.accept_milestone(actor=municipality_user, milestone=m)  # not delivered
    with pytest.raises(PermissionDenied):
        services.deliver_milestone(actor=municipality_user, milestone=m)
    services.deliver_milestone(actor=provider_user, milestone=m)
    with pytest.raises(PermissionDenied):
        services.accept_milestone(actor=provider_user, milestone=m)
    services.accept_milestone(actor=municipality_user, milestone=m)
    with pytest.raises(ValidationError):
        services.accept_milestone(actor=municipality_user, milestone=m)


def test_overdue_reminders_are_idempotent(
    partnership, municipality_user, provider_user, django_capture_on_commit_callbacks
):
    to_rnd(partnership, municipality_user)
    today = timezone.localdate()
    MilestoneFactory(partnership=partnership, due_on=today - timedelta(days=1), title="Alt")
    MilestoneFactory(partnership=partnership, due_on=today + timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_overdue_reminders(today=today) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_overdue_reminders(today=today) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [municipality_user.email, provider_user.email]
    )
    assert "Alt" in mail.outbox[0].subject
    # six days later only the second milestone (overdue by now) is reminded ...
    assert services.send_overdue_reminders(today=today + timedelta(days=6)) == 1
    # ... and a week later the first one again
    assert services.send_overdue_reminders(today=today + timedelta(days=7)) == 1
    assert Milestone.objects.get(title="Alt").reminded_on == today + timedelta(days=7)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def test_documents_checked_by_content_and_versioned(partnership, provider_user, outsider):
    v1 = services.upload_document(
        actor=provider_user,
        partnership=partnership,
        title="Vertrag",
        upload=SimpleUploadedFile("v.pdf", PDF),
    )
    v2 = services.upload_document(
        actor=provider_user,
        partnership=partnership,
        title="Vertrag",
        upload=SimpleUploadedFile("v2.pdf", PDF),
    )
    assert (v1.number, v2.number) == (1, 2)
    assert v1.content_type == "application/pdf"
    csv_version = services.upload_document(
        actor=provider_user,
        partnership=partnership,
        title="Messdaten",
        upload=SimpleUploadedFile("daten.csv", b"Zeit;Wert\n1;2\n"),
    )
    assert csv_version.content_type == "text/csv"
    image = services.upload_document(
        actor=provider_user,
        partnership=partnership,
        title="Foto",
        upload=SimpleUploadedFile("x.png", PNG),
    )
    assert image.content_type == "image/png"
    for name, content in [
        ("evil.pdf", b"<script>alert(1)</script>"),
        ("prog.csv", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("x.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ]:
        with pytest.raises(ValidationError):
            services.upload_document(
                actor=provider_user,
                partnership=partnership,
                title="Böse",
                upload=SimpleUploadedFile(name, content),
            )
    with pytest.raises(PermissionDenied):
        services.upload_document(
            actor=outsider,
            partnership=partnership,
            title="X",
            upload=SimpleUploadedFile("v.pdf", PDF),
        )
    assert "public" not in v1.file.name


def test_reminder_task_runs_through_the_task_backend(
    partnership, municipality_user, provider_user, django_capture_on_commit_callbacks
):
    to_rnd(partnership, municipality_user)
    MilestoneFactory(partnership=partnership, due_on=timezone.localdate() - timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_overdue_milestones", stdout=StringIO())
        call_command("remind_overdue_milestones", stdout=StringIO())
    assert len(mail.outbox) == 2  # both partners, once
