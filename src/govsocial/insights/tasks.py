"""Background work of insights, run by the database task worker."""

from django_tasks import task

from .services import monthly


@task()
def make_monthly_reports() -> int:
    """On the policy's report day: last month's report, made, kept and e-mailed once."""
    return monthly.make_due_reports()
