from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "govsocial.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from govsocial.core import registry

        from . import content, services

        registry.register_content(self.label, content.load)
        registry.register_panel(self.label, services.dashboard_panel, order=70)
        registry.register_facts(self.label, "insights", services.insights_facts)
        registry.register_scoping_urls(self.label, "govsocial.insights.tests.factories")
