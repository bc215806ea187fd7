from typing import Any

from django.apps import AppConfig


def _sees_matching(user: Any) -> bool:
    """Managers and admins run matching; mentors answer requests; mentees choose mentors."""
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
    return (
        Program.objects.filter(managers__id=person_id).exists()
        or Participant.objects.filter(person_id=person_id, role__in=("mentor", "mentee"))
        .exclude(program__matching_mode=Program.MatchingMode.ADMIN)
        .exists()
    )


class MatchmakingConfig(AppConfig):
    name = "tandem.matchmaking"
    label = "matchmaking"
    verbose_name = "Matching"

    def ready(self) -> None:
        from tandem.web.context_processors import NAV_ITEMS, NavItem

        NAV_ITEMS.append(NavItem("Matching", "matchmaking:home", _sees_matching))
