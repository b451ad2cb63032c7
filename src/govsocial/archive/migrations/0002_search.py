"""The full-text index for the database in use: an FTS5 table on SQLite, a
tsvector column with a GIN index on PostgreSQL (kept in step by services.search)."""

from django.db import migrations


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE archive_item_fts USING fts5("
            "text, author, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE archive_item ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            "CREATE INDEX archive_item_search ON archive_item USING gin(search_vector)"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS archive_item_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS archive_item_search")
        schema_editor.execute("ALTER TABLE archive_item DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
