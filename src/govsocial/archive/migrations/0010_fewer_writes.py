"""An import writes less per item.

- Raw payloads are no longer unique per organisation and SHA-256: the index
  that enforced it was written in random order (the costliest part of an
  import); a payload is reached through its version.
- The index on an item's destruction holds only destroyed items.
- SQLite: the full-text table becomes contentless (the text lives once, in the
  item table) and keeps no column sizes (results come newest first, unranked);
  it is filled again from the items, so an existing archive stays searchable.
- PostgreSQL: a trigger makes an item's search vector as the row is written
  (an import no longer writes every row twice); the vectors already made are
  the same, so they stay.
"""

import django.db.models.deletion
from django.db import migrations, models

FTS = "archive_item_fts"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"
FILL = (
    "INSERT INTO archive_item_fts(rowid, text, author, scope) "
    "SELECT id, text, author_handle, 'o' || organisation_id || ' c' || channel_id "
    "FROM archive_item WHERE destroyed_at IS NULL"
)


# Text search configuration per language (as services.search had it when this was written).
PG_CONFIGS = {
    "nl": "dutch", "en": "english", "de": "german", "fr": "french", "es": "spanish",
    "it": "italian", "pt": "portuguese", "da": "danish", "sv": "swedish", "no": "norwegian",
    "nb": "norwegian", "fi": "finnish", "ro": "romanian", "ru": "russian", "tr": "turkish",
}  # fmt: skip
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION archive_item_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.destroyed_at IS NOT NULL THEN
        NEW.search_vector := NULL;  -- a destroyed item is out of search
    ELSE
        NEW.search_vector := to_tsvector(
            (CASE NEW.language %(cases)s ELSE 'simple' END)::regconfig,
            coalesce(NEW.text, '') || ' ' || coalesce(NEW.author_handle, ''));
    END IF;
    RETURN NEW;
END
$$
"""
PG_TRIGGER = (
    "CREATE TRIGGER archive_item_search BEFORE INSERT OR UPDATE OF "
    "text, author_handle, language, destroyed_at ON archive_item "
    "FOR EACH ROW EXECUTE FUNCTION archive_item_search_vector()"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        cases = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in PG_CONFIGS.items())
        schema_editor.execute(PG_FUNCTION % {"cases": cases})
        schema_editor.execute(PG_TRIGGER)
        return
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {FTS} USING fts5("
        f"text, author, scope, content = '', columnsize = 0, {TOKENIZE})"
    )
    schema_editor.execute(FILL)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS archive_item_search ON archive_item")
        schema_editor.execute("DROP FUNCTION IF EXISTS archive_item_search_vector()")
        return
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    schema_editor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(text, author, scope, {TOKENIZE})")
    schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0009_media_and_mappings"),
        ("core", "0004_organisation_own_details"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="rawpayload", name="archive_raw_unique"),
        migrations.AlterField(
            model_name="item",
            name="destruction",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="archive.destruction",
            ),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(
                condition=models.Q(("destruction__isnull", False)),
                fields=["destruction"],
                name="archive_item_destroyed",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
