from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "tandem.learning"
    label = "learning"
    verbose_name = "Learning and culture"

    def ready(self) -> None:
        from tandem.core.permissions import is_authenticated
        from tandem.engagement.kinds import MessageKind, register_kind
        from tandem.programs import design
        from tandem.programs.selectors import checklist_providers
        from tandem.web.context_processors import NAV_GROUPS, NavItem

        from . import gating

        NAV_GROUPS["Learning"] = [
            NavItem("Training", "learning:training", is_authenticated),
            NavItem("Library", "learning:library", is_authenticated),
            NavItem("Moments", "learning:moments", is_authenticated),
            NavItem("Recognition", "learning:recognition", is_authenticated),
            NavItem("Office hours", "learning:office_hours", is_authenticated),
        ]
        register_kind(MessageKind("training", "Training", "Required modules still to do."))
        register_kind(MessageKind("moment", "Mentoring moments", "Moments to confirm."))
        register_kind(
            MessageKind(
                "office_hour_pulse", "Office-hour pulse", "One question after an office hour."
            )
        )
        design.training_checks.append(gating.check_required_training)
        checklist_providers.append(gating.enrolment_checklist)

        from tandem.relationships.overview import HOME_PANELS

        from .library_selectors import this_week_panel

        HOME_PANELS.append(this_week_panel)

        from tandem.programs.detail_panels import DETAIL_PANELS

        from .story_panels import program_panel, relationship_panel

        HOME_PANELS.append(relationship_panel)
        DETAIL_PANELS.append(program_panel)

        from tandem.programs.announcement_stories import STORY_SOURCES

        from .story_quotes import SOURCE

        STORY_SOURCES.append(SOURCE)

        from tandem.accounts import privacy

        from .privacy import erase_stories, export_stories

        privacy.export_sections["success_stories"] = privacy.ExportSection.same_for_admin(
            export_stories
        )
        privacy.erasers.append(erase_stories)

        from . import privacy_learning, privacy_office_hours

        privacy.export_sections["training"] = privacy.ExportSection.same_for_admin(
            privacy_learning.export_training
        )
        privacy.export_sections["mentoring_moments"] = privacy_learning.export_moments
        privacy.export_sections["recognition"] = privacy_learning.export_recognition
        privacy.export_sections["office_hours"] = privacy.ExportSection(
            own=privacy_office_hours.export_office_hours,
            for_admin=privacy_office_hours.export_office_hours_for_admin,
        )
        privacy.erasers.append(privacy_learning.erase_learning)
        privacy.erasers.append(privacy_office_hours.erase_office_hours)

        from tandem.people.selectors import person_panels

        from .moments_selectors import person_panel

        person_panels.append(person_panel)

        from tandem.relationships.celebration_names import WALL_OPT_OUTS

        from .recognition import opted_out_among

        WALL_OPT_OUTS.append(opted_out_among)

        from tandem.web.home import NEXT_STEPS

        from .next_steps import office_hour_pulse_steps

        NEXT_STEPS.append(office_hour_pulse_steps)
