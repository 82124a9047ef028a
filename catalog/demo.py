"""Demo catalog: the matching benchmark's catalog, published (idempotent by external id),
completed with the facts a real provider enters (hosting, licence, price, suited sizes, size of
the company, place in the register) and with verified references across Hessian districts, so
that every filter on /loesungen/ and every requirement check of a need has something to show.

The benchmark file itself stays as it is (matching quality is measured on it); the facts are
added here, only to solutions and profiles that have none yet (a provider's own entries win).
"""

import zlib
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from accounts.models import Organisation
from municipalities.models import Municipality

from .exchange import import_catalog, load_file
from .models import Hosting, PopulationBand, ProviderProfile, Reference, Solution

CATALOG = Path(settings.BASE_DIR) / "bench" / "matching-dev-catalog.json"

# Facts for solutions where the generic rule below would be unrealistic or where the demo need
# ("Weniger Parksuchverkehr in der Altstadt": budget 20.000 €, hosting in Germany, Bad Hersfeld's
# 30,000 inhabitants) should show each kind of requirement check, met and not met. (A solution
# hosted outside Germany is left out for that need, so the parking ones are hosted in Germany.)
OVERRIDES = {
    "sol-parkleitsystem": {
        "hosting": Hosting.DE, "price_min": "8000", "price_max": "40000",
        "price_model": "Sensoren und Anzeigetafeln einmalig, Plattform als Jahreslizenz",
        "sizes": ["5k-20k", "20k-100k"],
    },
    "sol-parkraum-kamera": {
        "hosting": Hosting.DE, "price_min": "24000",
        "price_model": "Kameras einmalig, Auswertung als Jahreslizenz",
        "sizes": ["20k-100k", "gt100k"],
    },
    "sol-besucherlenkung": {"hosting": Hosting.DE, "price_min": "60000", "sizes": ["gt100k"]},
    "sol-chatbot": {"hosting": Hosting.OTHER},
    "sol-beteiligung": {"oss_license": "AGPL-3.0-only"},
    "sol-opendata": {"oss_license": "AGPL-3.0-only"},
    "sol-datenplattform": {"oss_license": "Apache-2.0"},
    "sol-lernplattform": {"oss_license": "GPL-3.0-or-later"},
}  # fmt: skip
LICENCES = ["EUPL-1.2", "Apache-2.0", "MIT", "AGPL-3.0-only"]
# Indicative "price from" in euro by kind of offer (a yearly licence, hardware, a project).
PRICES = {
    "saas": ["480", "900", "1200", "2400", "4800", "9600"],
    "hardware": ["4800", "9600", "18000", "36000", "75000"],
    "on_premise": ["9600", "18000", "36000", "120000"],
    "service": ["900", "1200", "4800", "15000"],
}
PRICE_MODELS = {
    "saas": "Jahreslizenz je Kommune, gestaffelt nach Einwohnerzahl",
    "hardware": "Geräte und Installation einmalig, Betrieb als Jahrespauschale",
    "on_premise": "Einmalige Lizenz zuzüglich Wartungsvertrag",
    "service": "Festpreis je Projekt nach Angebot",
}
SIZE_BANDS = [value for value, _label in PopulationBand.choices]

# Verified references: (solution, AGS of the town, year, what the town says). Towns in nine
# districts and two cities; one open claim for the demo clerk of Bad Hersfeld to confirm.
REFERENCES = [
    ("sol-hochwasser", "06535011", 2024, "Pegelsensoren an Lauter und Eisenbach, Warnung per App."),
    ("sol-strassenlicht", "06636003", 2023, "Bewegungsgesteuerte Leuchten in drei Wohngebieten."),
    ("sol-termin", "06631015", 2024, "Terminbuchung für Bürgerbüro und Standesamt."),
    ("sol-beteiligung", "06433012", 2022, "Bürgerhaushalt und Radverkehrskonzept online."),
    ("sol-abfallapp", "06635015", 2023, "Abfuhrkalender und Sperrmüllbuchung für alle Ortsteile."),
    ("sol-baumbewaesserung", "06411000", 2024, "120 Jungbäume mit Bodenfeuchte-Sensoren."),
    ("sol-leckage", "06634009", 2022, "Wasserverluste im Ortsnetz um ein Drittel gesenkt."),
    ("sol-winterdienst", "06633003", 2023, "Streueinsätze nach Straßenwetterdaten geplant."),
    ("sol-parkraum-kamera", "06435010", 2024, "Belegung der Altstadtparkplätze in Echtzeit."),
    ("sol-ratsinfo", "06437011", 2021, "Gremienarbeit papierlos, Sitzungen öffentlich abrufbar."),
    ("sol-energiemonitoring", "06632018", 2024, "Zwölf Liegenschaften mit Verbrauchsmonitoring."),
    ("sol-hochwasser", "06631015", 2023, "Starkregenwarnung für die Kernstadt."),
]  # fmt: skip
CLAIMS = [("sol-winterdienst", "06632002", 2025, "Pilot auf den Hauptstraßen im Winter 2025.")]


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
    completed = complete_solutions()
    profiles = complete_profiles()
    references = add_references()
    # No index version bump here: the demo runner (core demo_data) rebuilds the index last.
    stdout.write(
        f"  catalog: facts added to {completed} solutions and {profiles} profiles, "
        f"{references} references added"
    )


def _number(key):
    return zlib.crc32(key.encode())


def facts_for(solution):
    """Hosting, licence, data-processing agreement, price and suited sizes of a demo solution."""
    n = _number(solution.external_id or solution.slug)
    deployment = solution.deployment
    kind = next(k for k in ("on_premise", "hardware", "saas", "service") if k in deployment)
    facts = {}
    if "saas" in deployment:
        # Providers abroad host in the EU; a few German ones use an EU cloud.
        abroad = solution.language == "en"
        facts["hosting"] = Hosting.EU if abroad or n % 7 == 0 else Hosting.DE
        facts["dpa_available"] = True
    if n % 4 == 0:
        facts["oss_license"] = LICENCES[(n // 4) % len(LICENCES)]
    prices = PRICES[kind]
    price = Decimal(prices[n % len(prices)])
    facts["price_min"] = price
    if n % 3 == 0:
        facts["price_max"] = price * 4
    facts["price_model"] = PRICE_MODELS[kind]
    if price < 1000:
        sizes = ["lt5k", "5k-20k"]
    elif price < 10000:
        sizes = ["lt5k", "5k-20k", "20k-100k"]
    elif price < 50000:
        sizes = ["5k-20k", "20k-100k", "gt100k"]
    else:
        sizes = ["20k-100k", "gt100k"]
    override = dict(OVERRIDES.get(solution.external_id, {}))
    sizes = override.pop("sizes", sizes)
    for field in ("price_min", "price_max"):
        if field in override:
            override[field] = Decimal(override[field])
    facts.update(override)
    for band in SIZE_BANDS:
        facts[f"size_{band.replace('-', '_')}"] = band in sizes
    return facts


def _has_facts(solution):
    return bool(
        solution.hosting
        or solution.oss_license
        or solution.price_model
        or solution.price_min is not None
        or solution.price_max is not None
        or solution.population_bands
    )


def complete_solutions():
    """Facts for the demo solutions that have none yet; returns how many were completed.
    Queryset updates: the demo command rebuilds the search index afterwards anyway."""
    count = 0
    for solution in Solution.objects.filter(external_id__startswith="sol-").order_by("pk"):
        if not _has_facts(solution):
            Solution.objects.filter(pk=solution.pk).update(**facts_for(solution))
            count += 1
    return count


def _size_band(employees):
    for band, below in (("1-9", 10), ("10-49", 50), ("50-249", 250)):
        if employees < below:
            return band
    return "250+"


def _register_entry(city):
    towns = Municipality.objects.filter(kind__in=Municipality.MUNICIPAL_KINDS).order_by(
        "-population"
    )
    return towns.filter(name=city).first() or towns.filter(name__startswith=city[:8]).first()


def complete_profiles():
    """Size band from the number of employees and the place in the register (for the
    'district of the provider' filter), where the profile has none."""
    count = 0
    for profile in ProviderProfile.objects.filter(external_id__startswith="prov-"):
        changes = {}
        if not profile.size_band and profile.employees:
            changes["size_band"] = _size_band(profile.employees)
        if profile.municipality_id is None and profile.city:
            town = _register_entry(profile.city)
            if town is not None:
                changes["municipality"] = town
        if changes:
            ProviderProfile.objects.filter(pk=profile.pk).update(**changes)
            count += 1
    return count


def add_references():
    solutions = {
        s.external_id: s
        for s in Solution.objects.filter(external_id__in={r[0] for r in REFERENCES + CLAIMS})
    }
    towns = {
        m.ags: m for m in Municipality.objects.filter(ags__in={r[1] for r in REFERENCES + CLAIMS})
    }
    count = 0
    now = timezone.now()
    for status, rows in (
        (Reference.Status.CONFIRMED, REFERENCES),
        (Reference.Status.CLAIMED, CLAIMS),
    ):
        for key, ags, year, summary in rows:
            solution, town = solutions.get(key), towns.get(ags)
            if solution is None or town is None:
                continue
            if Reference.objects.filter(solution=solution, municipality=town).exists():
                continue
            Reference.objects.create(
                solution=solution,
                municipality=town,
                year=year,
                summary=summary,
                status=status,
                confirmed_at=now if status == Reference.Status.CONFIRMED else None,
            )
            count += 1
    return count
