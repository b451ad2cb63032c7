from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "govsocial.maturity"
    label = "maturity"
