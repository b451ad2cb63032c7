from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "govsocial.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        from govsocial.core import registry

        from . import demo, services
        from .importers import bluesky, facebook, generic_csv, instagram, linkedin, mastodon, x

        for module in (x, facebook, instagram, mastodon, bluesky, linkedin, generic_csv):
            registry.register_importer(self.label, module.IMPORTER.name, module.IMPORTER)
        # After the channels' seed (order 30): the demo archive fills the demo channels.
        registry.register_demo_seed(self.label, demo.seed, order=60)
        registry.register_facts(self.label, "archive", services.completeness)
        registry.register_panel(self.label, services.dashboard_panel, order=60)
        registry.register_scoping_urls(self.label, "govsocial.archive.tests.factories")

        from . import audit_texts

        registry.register_audit_texts(self.label, audit_texts.KINDS, audit_texts.SENTENCES)
