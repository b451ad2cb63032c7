"""A partly disclosed item's media are withheld unless the records officer releases them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0011_media_in_the_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="disclosureitem",
            name="release_media",
            field=models.BooleanField(default=False),
        ),
    ]
