"""Background work of the archive, run by the task worker (database or Redis)."""

from django_tasks import task

from govsocial.core.models import Organisation

from . import services


@task()
def import_export(
    organisation_id: int,
    channel_id: int,
    source: str,
    path: str,
    mapping: dict[str, str] | None = None,
    started_by: str = "",
    name: str = "",
) -> dict:
    """The same import as `govsocial archive import`; its counts are the task's result."""
    organisation = Organisation.objects.get(pk=organisation_id)
    counts = services.import_export(
        organisation, channel_id, source, path, mapping=mapping, started_by=started_by, name=name
    )
    return counts.as_dict()
