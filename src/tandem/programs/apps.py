from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "tandem.programs"
    label = "programs"
    verbose_name = "Programs and enrolment"

    def ready(self) -> None:
        from tandem.core.audit import AUDIT_TARGETS, AuditTarget

        from .audit_names import describe_programs

        AUDIT_TARGETS["programs.Program"] = AuditTarget(describe_programs)
        from tandem.web.home import NEXT_STEPS

        from .next_steps import manager_next_steps as program_next_steps

        NEXT_STEPS.append(program_next_steps)
        from tandem.accounts import privacy
        from tandem.accounts.selectors import managed_program_providers, membership_providers
        from tandem.core.permissions import is_authenticated
        from tandem.web.context_processors import NAV_ITEMS, NavItem
        from tandem.web.home import HOME_SECTIONS, HomeSection

        from . import privacy as program_privacy
        from . import selectors

        NAV_ITEMS.append(NavItem("Programs", "programs:list", is_authenticated))
        membership_providers.append(selectors.memberships_for_user)
        managed_program_providers.append(selectors.managed_program_ids)
        privacy.export_sections["program_participations"] = privacy.ExportSection.same_for_admin(
            program_privacy.export_participations
        )
        privacy.erasers.append(program_privacy.erase_answers)
        HOME_SECTIONS.append(
            HomeSection("programs/_home_cards.html", selectors.home_section_context, order=10)
        )
