from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "govsocial.documents"
    label = "documents"
