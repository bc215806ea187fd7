from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "tandem.engagement"
    label = "engagement"
    verbose_name = "Engagement and notifications"

    def ready(self) -> None:
        from tandem.core.permissions import is_authenticated
        from tandem.web.context_processors import NAV_ITEMS, NavItem

        NAV_ITEMS.append(NavItem("Notifications", "engagement:notifications", is_authenticated))

        from tandem.accounts import privacy

        from . import privacy as engagement_privacy

        privacy.export_sections["notifications"] = engagement_privacy.export_notifications
        privacy.erasers.append(engagement_privacy.erase_notifications)
