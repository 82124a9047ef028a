import factory
from django.utils import timezone

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
    published_at = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == Status.PUBLISHED),
        yes_declaration=factory.LazyFunction(timezone.now),
        no_declaration=None,
    )

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create:
            obj.topics.set(extracted or [Topic.objects.get(slug="mobilitaet")])

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        # What the solution_changed task does after publishing, done at once for tests.
        if create:
            from matching.indexing import index_solution

            index_solution(obj.pk)
