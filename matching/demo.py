"""Demo need for Bad Hersfeld (if the town's organisation exists). Idempotent."""

from decimal import Decimal

from accounts.models import Organisation

from .models import Need

BAD_HERSFELD_AGS = "06632002"
DEMO_NEED = {
    "title": "Weniger Parksuchverkehr in der Altstadt",
    "description": (
        "In der Altstadt kreisen Autos lange auf der Suche nach einem freien Parkplatz. "
        "Wir möchten Besucherinnen und Besucher schneller zu freien Stellplätzen führen "
        "und den Verkehr in den engen Gassen verringern."
    ),
}


def load(stdout):
    org = Organisation.objects.filter(municipality__ags=BAD_HERSFELD_AGS).first()
    if org is None:
        stdout.write("  matching: no organisation for Bad Hersfeld, no demo need")
        return
    membership = org.memberships.select_related("user").first()
    need, created = Need.objects.get_or_create(
        organisation=org,
        title=DEMO_NEED["title"],
        defaults={
            "description": DEMO_NEED["description"],
            "visibility": Need.Visibility.PUBLIC,
            # Requirements, so that the match list shows each check (budget, hosting, size).
            "budget_max": Decimal("20000"),
            "hosting_de_required": True,
            "author": membership.user if membership else None,
        },
    )
    stdout.write(f"  matching: demo need {'created' if created else 'kept'}: {need.title}")
