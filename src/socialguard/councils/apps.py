from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "socialguard.councils"
    label = "councils"
