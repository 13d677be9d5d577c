"""Seed the base salary (lương cơ sở) with its effective dates (decisions.reference)."""
from django.db import migrations

from decisions.reference import seed_base_salaries


def seed(apps, schema_editor):
    seed_base_salaries(apps.get_model("decisions", "BaseSalary"))


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
