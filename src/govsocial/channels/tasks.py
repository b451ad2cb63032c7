"""Background work of the channel register, run by the database task worker."""

from datetime import date

from django_tasks import task

from . import services


@task()
def send_channel_reminders(today: str | None = None) -> int:
    """E-mail owners about due reports and overdue checks (each item at most once a day)."""
    return services.send_reminders(date.fromisoformat(today) if today else None)
