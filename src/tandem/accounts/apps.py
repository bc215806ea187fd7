from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tandem.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from tandem.people import lifecycle

        from .services import revoke_tokens_of_deactivated

        lifecycle.deactivation_hooks.append(revoke_tokens_of_deactivated)
