import csv
import io

import pytest

from accounts.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_dcat_jsonld_describes_every_dataset_with_licence_and_files(client):
    response = client.get("/opendata/?format=jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    doc = response.json()
    assert doc["@type"] == "dcat:Catalog"
    assert "dcat" in doc["@context"] and "dcatde" in doc["@context"]
    for dataset in doc["dcat:dataset"]:
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:license"]["@id"].startswith("http://dcat-ap.de/def/licenses/")
        assert dataset["dcatde:licenseAttributionByText"]
        for distribution in dataset["dcat:distribution"]:
            path = distribution["dcat:downloadURL"]["@id"].split("127.0.0.1:8000")[-1]
            file = client.get(path)
            assert file.status_code == 200, path
            assert file["Content-Type"].startswith(distribution["dcat:mediaType"])


def test_accept_header_selects_jsonld(client):
    response = client.get("/opendata/", headers={"Accept": "application/ld+json"})
    assert response.json()["@type"] == "dcat:Catalog"


def test_html_page_lists_datasets_and_embeds_jsonld(client):
    response = client.get("/opendata/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="application/ld+json"' in html
    assert '<script id="dcat-catalog" type="application/json">' in html
    assert "/opendata/kommunen.csv" in html


def test_municipality_register_csv(client):
    MunicipalityFactory(ags="06632002", name="Bad Hersfeld")
    response = client.get("/opendata/kommunen.csv")
    assert response["Content-Disposition"] == 'attachment; filename="kommunen.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["ags"], r["name"]) for r in rows] == [("06632002", "Bad Hersfeld")]


def test_unknown_file_is_404(client):
    assert client.get("/opendata/gibtsnicht.zip").status_code == 404


def test_catalog_files_hold_only_published_solutions_with_licence_and_date(client):
    from catalog.models import Status
    from catalog.tests.factories import SolutionFactory

    published = SolutionFactory(title="Parkleitsystem")
    SolutionFactory(title="Entwurf", status=Status.DRAFT)
    response = client.get("/opendata/katalog.json")
    document = response.json()
    assert document["format"] == "smart-region-catalog/1"
    assert [s["title"] for s in document["solutions"]] == ["Parkleitsystem"]
    assert response["Link"] == '<http://dcat-ap.de/def/licenses/cc-by/4.0>; rel="license"'
    assert response["Last-Modified"]
    rows = list(csv.DictReader(io.StringIO(client.get("/opendata/katalog.csv").content.decode())))
    assert [(r["title"], r["topics"]) for r in rows] == [("Parkleitsystem", "mobilitaet")]
    dcat = client.get("/opendata/?format=jsonld").json()
    catalog = next(d for d in dcat["dcat:dataset"] if d["dct:identifier"] == "katalog")
    assert catalog["dct:license"]["@id"] == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    published.refresh_from_db()
    assert catalog["dct:modified"]["@value"] == published.updated_at.isoformat()


def test_catalog_files_carry_free_texts_only_of_consenting_providers(client, municipality_org):
    from catalog.models import Reference
    from catalog.tests.factories import ProviderProfileFactory, SolutionFactory

    def solution(consent, tag):
        provider = ProviderProfileFactory(
            name=f"Anbieter {tag}", description=f"Profiltext-{tag}", open_data_consent=consent
        )
        s = SolutionFactory(
            provider=provider,
            title=f"Lösung {tag}",
            summary=f"Kurztext-{tag}",
            description=f"Langtext-{tag}",
            price_model=f"Preistext-{tag}",
        )
        Reference.objects.create(
            solution=s, municipality=municipality_org.municipality, year=2024,
            summary=f"Referenztext-{tag}",
        )  # fmt: skip
        return s

    solution(True, "offen")
    solution(False, "zu")
    raw_json = client.get("/opendata/katalog.json").content.decode()
    raw_csv = client.get("/opendata/katalog.csv").content.decode()
    for text in ("Profiltext", "Kurztext", "Langtext", "Preistext", "Referenztext"):
        assert f"{text}-offen" in raw_json, text
        assert f"{text}-zu" not in raw_json and f"{text}-zu" not in raw_csv, text
    assert "Kurztext-offen" in raw_csv and "Preistext-offen" in raw_csv

    document = client.get("/opendata/katalog.json").json()
    closed = next(s for s in document["solutions"] if s["title"] == "Lösung zu")
    # Facts stay for everyone: names, vocabulary values and references by town and year.
    assert closed["topics"] == ["mobilitaet"] and closed["maturity"] == "market_ready"
    assert closed["references"] == [
        {"municipality": "Bad Hersfeld", "ags": "06632002", "year": 2024, "verified": False}
    ]
    assert "summary" not in closed and "description" not in closed
    provider = next(p for p in document["providers"] if p["id"] == closed["provider"])
    assert provider["name"] == "Anbieter zu" and "description" not in provider
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(raw_csv))}
    assert rows["Lösung zu"]["summary"] == "" and rows["Lösung zu"]["provider"] == "Anbieter zu"
    assert rows["Lösung offen"]["summary"] == "Kurztext-offen"
