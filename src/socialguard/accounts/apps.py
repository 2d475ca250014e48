from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "socialguard.accounts"
    label = "accounts"

    def ready(self) -> None:
        from socialguard.accounts import signals  # noqa: F401 - connects the receivers
