from django.db import migrations

from legal.defaults import install


class Migration(migrations.Migration):
    """Version 1 of each legal page: German defaults with placeholders for the office."""

    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
