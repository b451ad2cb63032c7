from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "govsocial.training"
    label = "training"

    def ready(self) -> None:
        from govsocial.core import registry

        from . import content, demo, services

        registry.register_content(self.label, content.validate_all)
        registry.register_panel(self.label, services.dashboard_panel, order=40)
        registry.register_demo_seed(self.label, demo.seed, order=40)
        registry.register_scoping_urls(self.label, "govsocial.training.tests.factories")
        from govsocial.core import hooks

        from .services import people

        hooks.register_organisation_usage(self.label, people.organisation_usage, order=40)
        hooks.register_personal_data_export(self.label, people.personal_data, order=40)

        from . import audit_texts

        registry.register_audit_texts(self.label, audit_texts.KINDS, audit_texts.SENTENCES)
