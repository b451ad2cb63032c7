"""Background work of the maturity self-assessment, run by the database task worker."""

from django_tasks import task

from . import services


@task()
def prune_anonymous_assessments() -> int:
    """Delete anonymous tests left unfinished for 30 days; forget day-old client hashes."""
    return services.prune_anonymous_assessments()
