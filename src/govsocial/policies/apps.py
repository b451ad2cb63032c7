from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "govsocial.policies"
    label = "policies"
    verbose_name = _("Policy builder")

    def ready(self) -> None:
        from govsocial.core import registry

        from . import companion_content, content, demo, services

        # Questions, clauses and house rules are read and checked now: a broken
        # YAML file stops the server with a message naming the place.
        registry.register_content(self.label, content.load)
        registry.register_content(self.label, companion_content.load)
        registry.register_panel(self.label, services.dashboard_panel, order=10)
        registry.register_demo_seed(self.label, demo.seed, order=10)
        registry.register_scoping_urls(self.label, "govsocial.policies.tests.factories")
        from govsocial.core import hooks

        from .services import people

        hooks.register_organisation_usage(self.label, people.organisation_usage, order=10)
        hooks.register_personal_data_export(self.label, people.personal_data, order=10)

        from . import audit_texts

        registry.register_audit_texts(self.label, audit_texts.KINDS, audit_texts.SENTENCES)
