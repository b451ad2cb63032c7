from django.apps import AppConfig


class MaturityConfig(AppConfig):
    name = "govsocial.maturity"
    label = "maturity"

    def ready(self) -> None:
        # Validate the questions and rules at start-up: broken content fails loudly here.
        from .content import load_content

        load_content()
