# The search log moves from `api` to `matching` (#17 item 4). The table stays `api_searchlog`:
# this migration only adds the model to matching's state; api 0004 removes it from api's state.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_searchlog_daily_counts"),
        ("matching", "0010_drop_fulltext"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchLog",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("query", models.CharField(max_length=200, verbose_name="query")),
                        (
                            "query_folded",
                            models.CharField(db_index=True, editable=False, max_length=200),
                        ),
                        ("result_count", models.PositiveIntegerField(verbose_name="results")),
                        (
                            "source",
                            models.CharField(default="web", max_length=10, verbose_name="source"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="searched at"
                            ),
                        ),
                        (
                            "searches",
                            models.PositiveIntegerField(default=1, verbose_name="searches"),
                        ),
                        ("reduced", models.BooleanField(default=False, editable=False)),
                    ],
                    options={
                        "verbose_name": "search",
                        "verbose_name_plural": "search log",
                        "ordering": ["-created_at"],
                        "db_table": "api_searchlog",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
