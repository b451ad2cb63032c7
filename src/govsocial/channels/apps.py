from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Reminders are deduplicated per day, so an hourly run only sends what is new today.
REMINDER_INTERVAL_SECONDS = 3600


class ChannelsConfig(AppConfig):
    name = "govsocial.channels"
    label = "channels"
    verbose_name = _("Channels")

    def ready(self) -> None:
        from govsocial.core import schedule

        from .tasks import send_channel_reminders

        schedule.register(send_channel_reminders, every_seconds=REMINDER_INTERVAL_SECONDS)
