import factory

from accounts.tests.factories import ProviderOrgFactory
from catalog.models import ProviderProfile, Solution, Status, Topic


class ProviderProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderProfile

    organisation = factory.SubFactory(ProviderOrgFactory)
    name = factory.LazyAttribute(lambda o: o.organisation.name)
    status = Status.PUBLISHED


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderProfileFactory)
    title = factory.Sequence(lambda n: f"Lösung {n}")
    summary = "Eine kurze Beschreibung."
    status = Status.PUBLISHED

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create:
            obj.topics.set(extracted or [Topic.objects.get(slug="mobilitaet")])
