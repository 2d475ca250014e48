from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "socialguard.demo"
    label = "demo"
