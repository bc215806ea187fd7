from typing import Any

from django.apps import AppConfig


def _sees_matching(user: Any) -> bool:
    """Managers and admins run matching; mentors answer requests; mentees choose mentors."""
    from django.db.models import Exists, OuterRef, Q

    from tandem.core.permissions import is_authenticated, is_org_admin
    from tandem.programs.models import Participant, Program
    from tandem.programs.permissions import person_id_of

    if not is_authenticated(user):
        return False
    if is_org_admin(user):
        return True
    person_id = person_id_of(user)
    if person_id is None:
        return False
    # One query on every page: manages a program, or takes part in one matched by choice.
    manages = Program.managers.through.objects.filter(program=OuterRef("pk"), person_id=person_id)
    takes_part = Participant.objects.filter(
        program=OuterRef("pk"), person_id=person_id, role__in=("mentor", "mentee")
    )
    by_choice = ~Q(matching_mode=Program.MatchingMode.ADMIN)
    return Program.objects.filter(Exists(manages) | (Exists(takes_part) & by_choice)).exists()


class MatchmakingConfig(AppConfig):
    name = "tandem.matchmaking"
    label = "matchmaking"
    verbose_name = "Matching"

    def ready(self) -> None:
        from tandem.core.audit import AUDIT_TARGETS, AuditTarget

        from .audit_names import describe_runs

        AUDIT_TARGETS["matchmaking.MatchRun"] = AuditTarget(describe_runs)
        from tandem.web.home import NEXT_STEPS

        from .next_steps import manager_next_steps, mentor_next_steps

        NEXT_STEPS.extend([mentor_next_steps, manager_next_steps])
        from tandem.web.context_processors import NAV_ITEMS, NavItem

        NAV_ITEMS.append(NavItem("Matching", "matchmaking:home", _sees_matching))
