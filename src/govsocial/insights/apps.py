from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "govsocial.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from govsocial.core import registry

        from . import content, services
        from .tasks import make_monthly_reports

        registry.register_content(self.label, content.load)
        registry.register_panel(self.label, services.dashboard_panel, order=70)
        registry.register_facts(self.label, "insights", services.insights_facts)
        # Hourly: the report goes out within the hour the report day starts, and a
        # stopped server catches up; a report is made once per organisation and month.
        registry.register_periodic(self.label, make_monthly_reports, every_seconds=3600)
        registry.register_scoping_urls(self.label, "govsocial.insights.tests.factories")
