from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "socialguard.inbox"
    label = "inbox"
