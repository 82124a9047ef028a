# Adds the sentence embedding of matching.semantic; run `manage.py rebuild_index` after it.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('matching', '0004_catalogversion'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='embedding',
            field=models.BinaryField(blank=True, null=True),
        ),
    ]
