from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "tandem.relationships"
    label = "relationships"
    verbose_name = "Mentoring relationships"

    def ready(self) -> None:
        from tandem.core.audit import AUDIT_TARGETS, AuditTarget

        from .audit_names import describe_relationships

        AUDIT_TARGETS["relationships.Relationship"] = AuditTarget(describe_relationships)
        from tandem.web.home import NEXT_STEPS

        from .next_steps import member_next_steps

        NEXT_STEPS.append(member_next_steps)
        from tandem.accounts import privacy
        from tandem.core.permissions import is_authenticated
        from tandem.people import lifecycle
        from tandem.web.context_processors import NAV_ITEMS, NavItem
        from tandem.web.home import HOME_SECTIONS, HomeSection

        from . import privacy as relationship_privacy
        from .departures import pause_relationships_of_deactivated
        from .overview import home_section

        NAV_ITEMS.append(NavItem("My mentoring", "relationships:list", is_authenticated))
        HOME_SECTIONS.append(HomeSection("relationships/_home_section.html", home_section, 20))
        privacy.export_sections["relationships"] = privacy.ExportSection(
            own=relationship_privacy.export_relationships,
            for_admin=relationship_privacy.export_relationships_for_admin,
        )
        privacy.export_sections["written_in_relationships"] = relationship_privacy.export_authored
        privacy.erasers.append(relationship_privacy.erase_authored)
        lifecycle.deactivation_hooks.append(pause_relationships_of_deactivated)
