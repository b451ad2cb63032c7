from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_confirmed_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="interview",
            name="revision",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
