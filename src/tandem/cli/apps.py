from django.apps import AppConfig


class CliConfig(AppConfig):
    """The site level: management commands that drive several apps (``up``, ``demo`` …)."""

    name = "tandem.cli"
    label = "cli"
    verbose_name = "Tandem command line"
