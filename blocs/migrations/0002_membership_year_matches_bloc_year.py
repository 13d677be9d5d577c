"""On PostgreSQL, a composite foreign key keeps Membership.year equal to its bloc-year's year, so the
one-bloc-per-year unique constraint cannot be dodged by a direct insert with a wrong year."""
from django.db import migrations

from emulation.migration_ops import postgresql_only

FORWARD = """
ALTER TABLE blocs_membership
  ADD CONSTRAINT membership_year_matches_bloc_year
  FOREIGN KEY (bloc_year_id, year) REFERENCES blocs_blocyear (id, year)
  ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
"""
BACKWARD = "ALTER TABLE blocs_membership DROP CONSTRAINT IF EXISTS membership_year_matches_bloc_year;"


class Migration(migrations.Migration):
    dependencies = [("blocs", "0001_initial")]
    operations = [postgresql_only(FORWARD, BACKWARD)]
