"""Objects the authorization matrix needs for URLs with parameters.

Each private object belongs to the cast's provider_org and/or municipality_org, so the matrix
shows who of the other roles can reach it.
"""

from django.core.files.base import ContentFile

from accounts.tests.factories import MunicipalityFactory


def build_world(w):
    w.ags = MunicipalityFactory(ags="06611000", name="Kassel").ags
    if hasattr(w, "orgs"):
        _catalog(w)
        _needs(w)
        _explorations(w)
        _partnerships(w)
        _events(w)


def _events(w):
    import datetime as dt

    from django.utils import timezone

    from events.models import Material, ProgrammeSlot, Question, Registration, Workshop

    start = timezone.now() + dt.timedelta(days=14)
    workshop = Workshop.objects.create(
        title="Smarte Parkraumsteuerung",
        slug="smarte-parkraumsteuerung",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        registration_deadline=start - dt.timedelta(days=1),
        video_link="https://video.example/raum",
    )
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.PUBLISHED)
    workshop.refresh_from_db()
    w.workshop = workshop
    w.registration = Registration.objects.create(
        workshop=workshop,
        user=w.users["municipality"],
        organisation=w.orgs["municipality"],
        status=Registration.Status.CONFIRMED,
    )
    w.question = Question.objects.create(
        workshop=workshop,
        author=w.users["municipality"],
        organisation=w.orgs["municipality"],
        text="Wie genau sind Bodensensoren im Winter?",
    )
    w.slot = ProgrammeSlot.objects.create(
        workshop=workshop,
        solution=w.solution,
        provider=w.profile,
        applicant=w.users["provider"],
        abstract="Parkleitsystem in der Praxis",
    )
    ProgrammeSlot.objects.filter(pk=w.slot.pk).update(status=ProgrammeSlot.Status.ACCEPTED)
    w.material = Material.objects.create(
        workshop=workshop,
        title="Folien",
        url="https://video.example/aufzeichnung",
        published=False,
        uploaded_by=w.users["provider"],
    )


def _needs(w):
    from matching.models import Need

    def need(title, visibility):
        return Need.objects.create(
            organisation=w.orgs["municipality"],
            author=w.users["municipality"],
            title=title,
            description="Die Leute kurven ewig durch die Altstadt.",
            visibility=visibility,
        )

    w.private_need = need("Weniger Parksuchverkehr", Need.Visibility.PRIVATE)
    w.public_need = need("Hochwasser früh erkennen", Need.Visibility.PUBLIC)


def _explorations(w):
    from explorations.tests.factories import make_record

    w.exploration = make_record(w.orgs["municipality"], w.users["municipality"], [w.solution])
    w.closed_exploration = make_record(
        w.orgs["municipality"], w.users["municipality"], [w.solution], closed=True
    )


def _catalog(w):
    from catalog.models import Status
    from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

    w.profile = ProviderProfileFactory(organisation=w.orgs["provider"])
    w.solution = SolutionFactory(provider=w.profile, title="Parkleitsystem")
    w.draft = SolutionFactory(provider=w.profile, title="Entwurf", status=Status.DRAFT)
    w.submitted = SolutionFactory(provider=w.profile, title="Eingereicht", status=Status.SUBMITTED)
    _accounts(w)


def _accounts(w):
    from accounts.models import Invitation, Membership
    from accounts.tests.factories import UserFactory

    w.invitation = Invitation.objects.create(
        organisation=w.orgs["provider"], email="neu@example.org"
    )
    w.pending = Membership.objects.create(
        user=UserFactory(), organisation=w.orgs["municipality"], status=Membership.Status.PENDING
    )


def _partnerships(w):
    from partnerships.models import Document, DocumentVersion, Threshold
    from partnerships.tests.factories import (
        BudgetLineFactory,
        CriterionFactory,
        MilestoneFactory,
        PartnershipFactory,
    )

    p = PartnershipFactory(municipality=w.orgs["municipality"], provider=w.orgs["provider"])
    w.partnership = p
    w.budget_line = BudgetLineFactory(partnership=p)
    w.criterion = CriterionFactory(partnership=p)
    w.milestone = MilestoneFactory(partnership=p)
    document = Document.objects.create(partnership=p, title="Vertrag")
    version = DocumentVersion(
        document=document,
        number=1,
        original_name="vertrag.pdf",
        content_type="application/pdf",
        size=8,
    )
    version.file.save("vertrag.pdf", ContentFile(b"%PDF-1.4"), save=True)
    w.document_version = version
    w.threshold = Threshold.objects.first()
