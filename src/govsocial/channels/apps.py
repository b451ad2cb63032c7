from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Reminders are deduplicated per day, so an hourly run only sends what is new today.
REMINDER_INTERVAL_SECONDS = 3600


class ChannelsConfig(AppConfig):
    name = "govsocial.channels"
    label = "channels"
    verbose_name = _("Channels")

    def ready(self) -> None:
        from govsocial.core import registry

        from . import demo, services
        from .tasks import send_channel_reminders

        registry.register_periodic(
            self.label, send_channel_reminders, every_seconds=REMINDER_INTERVAL_SECONDS
        )
        registry.register_facts(self.label, "channels", services.register_summary)
        registry.register_panel(self.label, services.dashboard_panel, order=30)
        registry.register_demo_seed(self.label, demo.seed, order=30)
        registry.register_scoping_urls(self.label, "govsocial.channels.tests.factories")
        from govsocial.core import hooks

        from .services import people

        hooks.register_member_removal(self.label, people.holdings, people.hand_over)
        hooks.register_organisation_usage(self.label, people.organisation_usage, order=30)
        hooks.register_personal_data_export(self.label, people.personal_data, order=30)

        from . import audit_texts

        registry.register_audit_texts(self.label, audit_texts.KINDS, audit_texts.SENTENCES)
