from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SYNC_EVERY = 24 * 60 * 60  # channels with API sync settings are synced daily


class ArchiveConfig(AppConfig):
    name = "govsocial.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        from govsocial.core import registry

        from . import demo, services, tasks
        from .importers import bluesky, facebook, generic_csv, instagram, linkedin, mastodon, x
        from .sync import bluesky as bluesky_api
        from .sync import facebook as facebook_api
        from .sync import instagram as instagram_api
        from .sync import mastodon as mastodon_api

        for module in (x, facebook, instagram, mastodon, bluesky, linkedin, generic_csv):
            registry.register_importer(self.label, module.IMPORTER.name, module.IMPORTER)
        for api in (mastodon_api, bluesky_api, facebook_api, instagram_api):
            registry.register_syncer(self.label, api.SYNCER.name, api.SYNCER)
        registry.register_periodic(self.label, tasks.sync_all_channels, every_seconds=SYNC_EVERY)
        # After the channels' seed (order 30): the demo archive fills the demo channels.
        registry.register_demo_seed(self.label, demo.seed, order=60)
        registry.register_facts(self.label, "archive", services.completeness)
        registry.register_panel(self.label, services.dashboard_panel, order=60)
        registry.register_scoping_urls(self.label, "govsocial.archive.tests.factories")

        from . import audit_texts

        registry.register_audit_texts(self.label, audit_texts.KINDS, audit_texts.SENTENCES)
