"""PostgreSQL only: a trigram index so that name search (icontains) does not scan every row.

Django's icontains on PostgreSQL is UPPER(name::text) LIKE UPPER('%…%'); the index is on that
expression. pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create it.
SQLite (the embedded demo) is small enough to scan and skips this migration's work.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS emp_name_trgm ON workforce_employee "
    "USING gin ((UPPER(name::text)) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS emp_name_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("workforce", "0002_active_sort_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
