from django.apps import AppConfig

# Pruning looks 30 days back, so once a day is plenty.
PRUNE_INTERVAL_SECONDS = 24 * 3600


class MaturityConfig(AppConfig):
    name = "govsocial.maturity"
    label = "maturity"

    def ready(self) -> None:
        from govsocial.core import registry

        from . import demo, services
        from .content import load_content
        from .tasks import prune_anonymous_assessments

        registry.register_content(self.label, load_content)
        registry.register_periodic(
            self.label, prune_anonymous_assessments, every_seconds=PRUNE_INTERVAL_SECONDS
        )
        registry.register_panel(self.label, services.dashboard_panel, order=20)
        registry.register_demo_seed(self.label, demo.seed, order=20)
        registry.register_scoping_urls(self.label, "govsocial.maturity.tests.factories")
        from govsocial.core import hooks

        from .services import people

        hooks.register_organisation_usage(self.label, people.organisation_usage, order=20)
        hooks.register_personal_data_export(self.label, people.personal_data, order=20)

        from . import audit_texts

        registry.register_audit_texts(self.label, audit_texts.KINDS, audit_texts.SENTENCES)
