from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "socialguard.register"
    label = "register"
