import factory

from accounts.models import Membership, Organisation, User
from municipalities.models import Municipality


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", "Sicheres-Passwort-2026")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Mark the e-mail as verified so allauth lets the user log in."""
        obj.save()
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("ags",)

    ags = factory.Sequence(lambda n: f"0699{n:04d}")
    name = factory.Sequence(lambda n: f"Musterstadt {n}")
    kind = Municipality.Kind.STADT
    district_ags = "06632"
    district = "Hersfeld-Rotenburg"
    region = "Kassel"
    population = 20000
    population_date = "2024-12-31"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.PROVIDER
    name = factory.Sequence(lambda n: f"Organisation {n}")


class ProviderOrgFactory(OrganisationFactory):
    kind = Organisation.Kind.PROVIDER
    name = factory.Sequence(lambda n: f"Anbieter {n} GmbH")


class MunicipalityOrgFactory(OrganisationFactory):
    kind = Organisation.Kind.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.LazyAttribute(lambda o: o.municipality.name)


class OfficeOrgFactory(OrganisationFactory):
    kind = Organisation.Kind.OFFICE
    name = "Geschäftsstelle Smarte Region"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(ProviderOrgFactory)
    role = Membership.Role.ADMIN
    status = Membership.Status.ACTIVE


def member_of(organisation, role=Membership.Role.ADMIN, **user_kwargs):
    """A new user with an active membership in `organisation`."""
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user
