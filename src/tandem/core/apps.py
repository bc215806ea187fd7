from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tandem.core"
    label = "core"
    verbose_name = "Tandem core"

    def ready(self) -> None:
        from . import safety  # noqa: F401 — registers the deploy check
