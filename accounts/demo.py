"""Demo users, one per role. LOCAL USE ONLY: the password is public (docs/demo.md)."""

from allauth.account.models import EmailAddress

from municipalities.models import Municipality

from .models import Membership, Organisation, User

PASSWORD = "Demo-Passwort-2026"
LOGINS = [
    # e-mail, name, organisation kind, organisation slug, organisation name, role label
    ("anbieter@demo.smarte-region.de", "Paula Anbieterin", "provider", "parksense",
     "ParkSense GmbH", "Anbieter (Admin von ParkSense GmbH)"),
    ("kommune@demo.smarte-region.de", "Karl Kommunal", "municipality", "bad-hersfeld",
     "Bad Hersfeld", "Kommune (Admin von Bad Hersfeld)"),
    ("geschaeftsstelle@demo.smarte-region.de", "Gesa Geschäftsstelle", "office",
     "geschaeftsstelle", "Geschäftsstelle Smarte Region", "Geschäftsstelle"),
]  # fmt: skip
BAD_HERSFELD_AGS = "06632002"


def _organisation(kind, slug, name, stdout):
    if kind == Organisation.Kind.MUNICIPALITY:
        town = Municipality.objects.filter(ags=BAD_HERSFELD_AGS).first()
        if town is None:
            stdout.write("  accounts: register entry 06632002 missing, no municipality demo")
            return None
        org = Organisation.objects.filter(municipality=town).first()
        if org:
            return org
        return Organisation.objects.create(kind=kind, slug=slug, name=name, municipality=town)
    org, _created = Organisation.objects.get_or_create(
        slug=slug, defaults={"kind": kind, "name": name}
    )
    return org


def load(stdout):
    for email, name, kind, slug, org_name, _label in LOGINS:
        org = _organisation(kind, slug, org_name, stdout)
        if org is None:
            continue
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, name=name)
        if kind == Organisation.Kind.OFFICE and not user.is_staff:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            user=user,
            organisation=org,
            defaults={"role": Membership.Role.ADMIN, "status": Membership.Status.ACTIVE},
        )


def print_logins(stdout):
    stdout.write("\nDemo logins (local use only), password for all: " + PASSWORD)
    for email, _name, _kind, _slug, _org, label in LOGINS:
        stdout.write(f"  {email:42} {label}")
    stdout.write("")
