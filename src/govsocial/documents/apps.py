from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "govsocial.documents"
    label = "documents"

    def ready(self) -> None:
        from govsocial.core import registry

        registry.register_scoping_urls(self.label, "govsocial.documents.tests.factories")

        from . import audit_texts

        registry.register_audit_texts(self.label, audit_texts.KINDS, audit_texts.SENTENCES)
