from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import MunicipalityOrgFactory, ProviderOrgFactory
from partnerships.models import BudgetLine, Criterion, Milestone, Partnership, Stage


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    title = factory.Sequence(lambda n: f"Partnerschaft {n}")
    municipality = factory.SubFactory(MunicipalityOrgFactory)
    provider = factory.SubFactory(ProviderOrgFactory)
    provider_accepted_at = factory.LazyFunction(timezone.now)
    problem = "Parksuchverkehr in der Innenstadt"
    stage = Stage.INITIATION


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    partnership = factory.SubFactory(PartnershipFactory)
    description = "Sensoren"
    amount = Decimal("8000.00")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Belegungserkennung"
    target = "95 % korrekt"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Etappe {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    instalment = Decimal("1000.00")
