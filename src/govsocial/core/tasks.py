"""Core's background work, run by the database task worker."""

from django_tasks import task

from . import services


@task()
def purge_sign_in_records() -> int:
    """Delete sign-in records kept longer than GOVSOCIAL_SIGN_IN_RETENTION_DAYS."""
    return services.purge_sign_in_records()
