# The search log now belongs to `matching` (matching 0011 took over the `api_searchlog` table);
# this removes it from api's migration state only, the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_searchlog_daily_counts"),
        ("matching", "0011_searchlog"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SearchLog")],
            database_operations=[],
        ),
    ]
