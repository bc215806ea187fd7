from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "tandem.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from tandem.accounts import privacy
        from tandem.core.permissions import is_authenticated
        from tandem.relationships import closure_port
        from tandem.web.context_processors import NAV_ITEMS, NavItem
        from tandem.web.home import HOME_SECTIONS, HomeSection

        from . import privacy as survey_privacy
        from .closure import SurveyClosure
        from .selectors import home_section

        NAV_ITEMS.append(NavItem("Surveys", "surveys:list", is_authenticated))
        HOME_SECTIONS.append(HomeSection("surveys/_home_section.html", home_section, 15))
        privacy.export_sections["surveys"] = survey_privacy.export_surveys
        privacy.erasers.append(survey_privacy.erase_surveys)
        closure_port.registry.backend = SurveyClosure()
