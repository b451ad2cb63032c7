from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "govsocial.training"
    label = "training"
