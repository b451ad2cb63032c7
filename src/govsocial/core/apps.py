from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "govsocial.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import registry, sign_in

        registry.register_scoping_urls(self.label, "govsocial.core.tests.factories")
        sign_in.connect()
