"""Media files become links of their channel's hash chain (services.chain).

The three columns are added, then every media row that exists gets its link,
appended at the head of its channel's chain in the order the rows were written.
Nothing that was linked before is rewritten: every existing chain verifies as
it did, and a media row added later without a link is reported by verify.
"""

from django.db import migrations, models

GENESIS = "0" * 64
BATCH = 2000


def link_existing_media(apps, schema_editor):
    # The record format is the chain's (`media_record` and `link`); it carries its own
    # marker ("event": "media") and is never changed for records already written.
    from govsocial.archive.services.chain import link, media_record

    MediaFile = apps.get_model("archive", "MediaFile")
    ChainHead = apps.get_model("archive", "ChainHead")
    rows = (
        MediaFile.objects.filter(sequence__isnull=True)
        .select_related("item", "run")
        .order_by("organisation_id", "item__channel_id", "pk")
    )
    heads = {}
    batch = []
    for media in rows.iterator(chunk_size=BATCH):
        item = media.item
        key = (media.organisation_id, item.channel_id)
        head = heads.get(key)
        if head is None:
            head, _created = ChainHead.objects.get_or_create(
                organisation_id=media.organisation_id,
                channel_id=item.channel_id,
                defaults={"record_hash": GENESIS},
            )
            heads[key] = head
        record = media_record(
            channel_id=item.channel_id, source=item.source, external_id=item.external_id,
            origin=media.origin, sha256=media.sha256, size=media.size,
            content_type=media.content_type, captured_at=media.run.started_at,
        )  # fmt: skip
        head.sequence += 1
        media.sequence, media.previous_hash = head.sequence, head.record_hash
        media.record_hash = head.record_hash = link(head.record_hash, record)
        batch.append(media)
        if len(batch) >= BATCH:
            MediaFile.objects.bulk_update(batch, ["sequence", "previous_hash", "record_hash"])
            batch = []
    MediaFile.objects.bulk_update(batch, ["sequence", "previous_hash", "record_hash"])
    for head in heads.values():
        head.save(update_fields=["sequence", "record_hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0010_fewer_writes"),
    ]

    operations = [
        migrations.AddField(
            model_name="mediafile",
            name="sequence",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="mediafile",
            name="previous_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="mediafile",
            name="record_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(link_existing_media, migrations.RunPython.noop, elidable=False),
    ]
