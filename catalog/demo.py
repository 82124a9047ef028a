"""Demo catalog: the matching benchmark's catalog, published (idempotent by external id)."""

from pathlib import Path

from django.conf import settings

from accounts.models import Organisation

from .exchange import import_catalog, load_file
from .models import ProviderProfile

CATALOG = Path(settings.BASE_DIR) / "bench" / "matching-dev-catalog.json"


def load(stdout):
    # The demo provider login belongs to "ParkSense GmbH" (slug parksense): reuse that
    # organisation for the imported profile instead of creating a second one.
    org = Organisation.objects.filter(slug="parksense").first()
    if org and not hasattr(org, "provider_profile"):
        ProviderProfile.objects.create(
            organisation=org, name=org.name, external_id="prov-parksense", status="published"
        )
    result = import_catalog(load_file(CATALOG), publish=True)
    stdout.write(
        f"  catalog: {result.created['solutions']} solutions created, "
        f"{result.unchanged['solutions']} unchanged"
    )
