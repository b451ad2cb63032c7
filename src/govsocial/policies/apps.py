from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "govsocial.policies"
    label = "policies"
