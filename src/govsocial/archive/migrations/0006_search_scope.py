"""The SQLite search index gets a `scope` column ("o<organisation> c<channel>"),
so a search narrows to one organisation (and channel) inside the full-text index
and can rank and LIMIT there, before touching the item table."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS archive_item_fts")
    schema_editor.execute(
        "CREATE VIRTUAL TABLE archive_item_fts USING fts5("
        "text, author, scope, tokenize = 'unicode61 remove_diacritics 2')"
    )
    schema_editor.execute(
        "INSERT INTO archive_item_fts(rowid, text, author, scope) "
        "SELECT id, text, author_handle, 'o' || organisation_id || ' c' || channel_id "
        "FROM archive_item WHERE destroyed_at IS NULL"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS archive_item_fts")
    schema_editor.execute(
        "CREATE VIRTUAL TABLE archive_item_fts USING fts5("
        "text, author, tokenize = 'unicode61 remove_diacritics 2')"
    )
    schema_editor.execute(
        "INSERT INTO archive_item_fts(rowid, text, author) "
        "SELECT id, text, author_handle FROM archive_item WHERE destroyed_at IS NULL"
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_retention")]
    operations = [migrations.RunPython(create, drop)]
