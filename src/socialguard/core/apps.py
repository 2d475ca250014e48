from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "socialguard.core"
    label = "core"

    def ready(self) -> None:
        # Bind @shared_task functions to our Celery app once Django is configured. (Not in
        # socialguard/__init__.py: the screening engine must import without Django or Celery.)
        from socialguard import celery  # noqa: F401
