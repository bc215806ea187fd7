from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "tandem.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from tandem.web.context_processors import NAV_ITEMS, NavItem
        from tandem.web.home import HOME_SECTIONS, HomeSection

        from .charts import PLOTLY_CSP
        from .manager_home import manager_home_section
        from .permissions import can_view_insights
        from .selectors import home_section

        NAV_ITEMS.append(NavItem("Insights", "insights:org", can_view_insights))
        HOME_SECTIONS.append(
            HomeSection(
                "insights/_home_section.html",
                home_section,
                5,
                head="insights/_head.html",
                csp_update=PLOTLY_CSP,
            )
        )
        HOME_SECTIONS.append(HomeSection("insights/_manager_home.html", manager_home_section, 6))
