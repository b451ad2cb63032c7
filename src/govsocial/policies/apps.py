from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "govsocial.policies"
    label = "policies"
    verbose_name = _("Policy builder")

    def ready(self) -> None:
        # Read and check questions, clauses and house rules once, at start-up:
        # a broken YAML file stops the server with a message naming the place.
        from . import content

        content.load()
