from django.db import migrations

# Handlungsfelder from docs/catalog-exchange.md (slug, German name, English name).
TOPICS = [
    ("verwaltung", "Digitale Verwaltung", "Digital administration"),
    ("mobilitaet", "Mobilität & Verkehr", "Mobility & transport"),
    ("umwelt-klima", "Umwelt- & Klimaschutz", "Environment & climate"),
    ("wasser", "Wasser & Abwasser", "Water & wastewater"),
    ("forst-landwirtschaft", "Forst & Landwirtschaft", "Forestry & agriculture"),
    ("energie", "Energie & Gebäude", "Energy & buildings"),
    ("sicherheit", "Sicherheit & Katastrophenschutz", "Safety & civil protection"),
    ("gesundheit-pflege", "Gesundheit & Pflege", "Health & care"),
    ("bildung", "Bildung & Kultur", "Education & culture"),
    ("handel-tourismus", "Handel, Innenstadt & Tourismus", "Retail, town centre & tourism"),
    ("stadtentwicklung", "Stadtentwicklung & Bauen", "Urban development & building"),
    ("beteiligung", "Beteiligung & Teilhabe", "Participation & inclusion"),
    ("daten-infrastruktur", "Daten, Plattformen & Netze", "Data, platforms & networks"),
    ("entsorgung", "Abfall & Stadtreinigung", "Waste & street cleaning"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("catalog", "Topic")
    for position, (slug, name, name_en) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
