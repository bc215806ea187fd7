from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "tandem.engagement"
    label = "engagement"
    verbose_name = "Engagement and notifications"

    def ready(self) -> None:
        from tandem.web.home import NEXT_STEPS

        from .next_steps import at_risk_next_steps

        NEXT_STEPS.append(at_risk_next_steps)
        from tandem.core.permissions import is_authenticated, is_org_admin
        from tandem.web.context_processors import ADMIN_ITEMS, NAV_ITEMS, NavItem

        NAV_ITEMS.append(NavItem("Notifications", "engagement:notifications", is_authenticated))
        ADMIN_ITEMS.append(NavItem("Webhooks", "engage:webhooks", is_org_admin))
        ADMIN_ITEMS.append(NavItem("Chat channels", "engage:org_channels", is_org_admin))

        from tandem.accounts import privacy

        from . import privacy as engagement_privacy
        from .nudging.registry import autodiscover

        privacy.export_sections["notifications"] = engagement_privacy.export_notifications
        privacy.export_sections["notification_preferences"] = engagement_privacy.export_preferences
        privacy.erasers.append(engagement_privacy.erase_notifications)
        autodiscover()
