"""Migration operations that only make sense on PostgreSQL (the `make run` demo uses SQLite)."""
from django.db import migrations


def postgresql_only(forward_sql, backward_sql):
    """Run raw SQL on PostgreSQL and do nothing elsewhere."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(backward_sql)

    return migrations.RunPython(forward, backward)
