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
        _partnerships(w)


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


def _catalog(w):
    from catalog.models import Status
    from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

    w.profile = ProviderProfileFactory(organisation=w.orgs["provider"])
    w.solution = SolutionFactory(provider=w.profile, title="Parkleitsystem")
    w.draft = SolutionFactory(provider=w.profile, title="Entwurf", status=Status.DRAFT)


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
