"""On PostgreSQL, a composite foreign key keeps Membership.year equal to its bloc-year's year, so the
one-bloc-per-year unique constraint cannot be dodged by a direct insert with a wrong year."""
from django.db import migrations

FORWARD = """
ALTER TABLE blocs_membership
  ADD CONSTRAINT membership_year_matches_bloc_year
  FOREIGN KEY (bloc_year_id, year) REFERENCES blocs_blocyear (id, year)
  ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
"""
BACKWARD = "ALTER TABLE blocs_membership DROP CONSTRAINT IF EXISTS membership_year_matches_bloc_year;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("blocs", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
