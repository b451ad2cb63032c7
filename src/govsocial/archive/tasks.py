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
    job_id: int | None = None,
) -> dict:
    """The same import as `govsocial archive import`; its counts are the task's result.

    With `job_id` (an upload in the browser) the job records progress and outcome."""
    organisation = Organisation.objects.get(pk=organisation_id)
    arguments = {
        "channel_id": channel_id, "source": source, "path": path, "mapping": mapping,
        "started_by": started_by, "name": name,
    }  # fmt: skip
    if job_id is not None:
        return services.run_job(job_id, organisation, **arguments)
    return services.import_export(organisation, **arguments).as_dict()


@task()
def verify_archive(check_id: int) -> bool:
    """Walk the organisation's hash chains and keep the outcome for the verify page."""
    return services.run_check(check_id)


@task()
def sync_channel(settings_id: int, started_by: str = "") -> dict:
    """`govsocial archive sync` for one channel ("sync now" in the browser)."""
    return services.run_sync(settings_id, started_by=started_by)


@task()
def sync_all_channels() -> int:
    """Every channel with sync settings, daily."""
    return services.sync_all()
