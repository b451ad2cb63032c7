from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "govsocial.maturity"
    label = "maturity"

    def ready(self) -> None:
        from govsocial.core import registry

        from . import demo, services
        from .content import load_content

        registry.register_content(self.label, load_content)
        registry.register_panel(self.label, services.dashboard_panel, order=20)
        registry.register_demo_seed(self.label, demo.seed, order=20)
        registry.register_scoping_urls(self.label, "govsocial.maturity.tests.factories")
        from govsocial.core import hooks

        from .services import people

        hooks.register_organisation_usage(self.label, people.organisation_usage, order=20)
        hooks.register_personal_data_export(self.label, people.personal_data, order=20)
