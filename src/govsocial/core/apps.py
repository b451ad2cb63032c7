from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

PURGE_INTERVAL_SECONDS = 24 * 3600


class CoreConfig(AppConfig):
    name = "govsocial.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import audit_texts, hooks, registry, services, sign_in
        from .tasks import purge_sign_in_records

        registry.register_scoping_urls(self.label, "govsocial.core.tests.factories")
        registry.register_periodic(
            self.label, purge_sign_in_records, every_seconds=PURGE_INTERVAL_SECONDS
        )
        hooks.register_organisation_usage(self.label, services.organisation_usage, order=0)
        hooks.register_personal_data_export(self.label, services.core_personal_data, order=0)
        registry.register_audit_texts(self.label, audit_texts.KINDS, audit_texts.SENTENCES)
        sign_in.connect()
