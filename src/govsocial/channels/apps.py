from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "govsocial.channels"
    label = "channels"
