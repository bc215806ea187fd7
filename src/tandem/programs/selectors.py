"""Reads of programs and participants. ``access_*`` fetches AND authorises (404 otherwise)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from tandem.core import clock
from tandem.core.permissions import is_authenticated, is_leader, is_org_admin
from tandem.people.models import Person, Profile
from tandem.people.selectors import person_of

from . import permissions
from .design import roles_for_type
from .eligibility import Eligibility, check_any_role, check_eligibility
from .eligibility_query import eligible_people_query
from .models import Participant, Program, ProgramAnnouncement

SCOPES = ("mine", "open", "all")
ACTIVE_PARTICIPANT_STATUSES = ("applied", "approved", "waitlisted", "matched")


def _programs() -> QuerySet[Program]:
    return Program.objects.prefetch_related(
        Prefetch("managers", queryset=Person.objects.only("id", "full_name", "email", "user_id"))
    )


def _eligible_program_ids(person: Person, programs: QuerySet[Program]) -> list[int]:
    today = clock.today()
    rows = programs.only("id", "type", "eligibility")
    return [p.pk for p in rows if program_eligibility(person, p, today=today).eligible]


def program_eligibility(
    person: Person, program: Program, *, role: str | None = None, today: Any = None
) -> Eligibility:
    """Eligibility for one role, or for any role the program's type enrols."""
    today = today or clock.today()
    if role:
        return check_eligibility(person, program.eligibility, today, role)
    return check_any_role(person, program.eligibility, today, roles_for_type(program.type))


def _mine_q(person: Person | None) -> Q:
    if person is None:
        return Q(pk__in=[])
    return Q(managers=person) | Q(participants__person=person)


def visible_programs(user: Any) -> QuerySet[Program]:
    """Every program the user may open: all for admins; non-drafts for leaders; else
    the ones they manage or joined, and non-drafts they are eligible for."""
    if is_org_admin(user):
        return _programs()
    person = person_of(user)
    non_draft = Program.objects.exclude(status=Program.Status.DRAFT)
    if is_leader(user):
        return _programs().filter(Q(pk__in=non_draft.values("pk")) | _mine_q(person)).distinct()
    eligible = _eligible_program_ids(person, non_draft) if person else []
    mine = Program.objects.filter(_mine_q(person))
    mine_ids = mine.exclude(Q(status=Program.Status.DRAFT) & ~Q(managers=person)).values("pk")
    return _programs().filter(Q(pk__in=eligible) | Q(pk__in=mine_ids)).distinct()


def list_programs(
    *, actor: Any, scope: str = "", status: str = "", type: str = "", q: str = ""
) -> QuerySet[Program]:
    """``scope``: mine (manage or joined), open (enrolling and eligible), all (admins)."""
    if not is_authenticated(actor):
        raise PermissionDenied("Sign in to see programs.")
    if scope == "all" and not (is_org_admin(actor) or is_leader(actor)):
        raise PermissionDenied("Only org admins and leaders can list all programs.")
    programs = visible_programs(actor)
    person = person_of(actor)
    if scope == "mine":
        programs = programs.filter(pk__in=Program.objects.filter(_mine_q(person)).values("pk"))
    elif scope == "open":
        enrolling = Program.objects.filter(status=Program.Status.ENROLLING)
        programs = programs.filter(
            pk__in=_eligible_program_ids(person, enrolling) if person else []
        )
    if status:
        programs = programs.filter(status=status)
    if type:
        programs = programs.filter(type=type)
    if q:
        programs = programs.filter(Q(name__icontains=q.strip()) | Q(purpose__icontains=q.strip()))
    return programs.order_by("-created_at", "-id")


def access_program_by_id(*, actor: Any, program_id: int) -> Program:
    if not is_authenticated(actor):
        raise PermissionDenied("Sign in to see programs.")
    program = _programs().prefetch_related("questions").filter(pk=program_id).first()
    if program is None or not permissions.can_view_program(actor, program):
        raise Http404("No such program.")
    return program


def access_participant_by_id(*, actor: Any, participant_id: int) -> Participant:
    if not is_authenticated(actor):
        raise PermissionDenied("Sign in to see participants.")
    participant = (
        Participant.objects.select_related("person", "program").filter(pk=participant_id).first()
    )
    if participant is None or not permissions.can_view_participant(actor, participant):
        raise Http404("No such participant.")
    return participant


def list_participants(
    *, program: Program, role: str = "", status: str = "", q: str = ""
) -> QuerySet[Participant]:
    rows = Participant.objects.filter(program=program).select_related("person")
    if role:
        rows = rows.filter(role=role)
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(
            Q(person__full_name__icontains=q.strip()) | Q(person__email__icontains=q.strip())
        )
    return rows.order_by("role", "person__full_name", "id")


def participations_of(person: Person | None, program: Program) -> list[Participant]:
    if person is None:
        return []
    return list(Participant.objects.filter(program=program, person=person).order_by("role"))


@dataclass(frozen=True)
class ProgramStats:
    """Counts of participants by role and status — aggregate, no names."""

    by_role: dict[str, dict[str, int]]
    total: int
    mentor_capacity: int

    def count(self, role: str, status: str = "") -> int:
        counts = self.by_role.get(role, {})
        return sum(counts.values()) if not status else counts.get(status, 0)


def program_stats(program: Program) -> ProgramStats:
    rows = (
        Participant.objects.filter(program=program)
        .values("role", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_role: dict[str, dict[str, int]] = {}
    for row in rows:
        by_role.setdefault(row["role"], {})[row["status"]] = row["n"]
    capacity = sum(
        Participant.objects.filter(
            program=program, role="mentor", status__in=("approved", "matched")
        ).values_list("capacity", flat=True)
    )
    total = sum(sum(v.values()) for v in by_role.values())
    return ProgramStats(by_role=by_role, total=total, mentor_capacity=capacity)


def eligibility_of(person: Person | None, program: Program, role: str | None = None) -> Eligibility:
    if person is None:
        return Eligibility(False, ["no directory record is linked to this login"])
    return program_eligibility(person, program, role=role)


def eligible_audience_query(program: Program) -> QuerySet[Person]:
    """Active people eligible for the program, not already taking part in it: one SQL
    filter (``eligible_people_query``), so counting them is one query at any size."""
    taken = Participant.objects.filter(
        program=program, status__in=ACTIVE_PARTICIPANT_STATUSES
    ).values("person_id")
    return eligible_people_query(program, clock.today()).exclude(pk__in=taken)


def eligible_audience(program: Program) -> list[Person]:
    """``eligible_audience_query`` as a list of people."""
    return list(eligible_audience_query(program))


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    hint: str
    url: str
    action: str = "add"


# Other apps add items a program asks of a participant (the learning app: required training).
checklist_providers: list[Callable[[Person, Program, str], list[ChecklistItem]]] = []


def profile_checklist(
    person: Person, role: str, program: Program | None = None
) -> list[ChecklistItem]:
    """What matching needs from this person for ``role``: their profile (2 queries) and, for
    a ``program``, what its ``checklist_providers`` add."""
    profile = Profile.objects.filter(person=person).prefetch_related("skills").first()
    kinds = Counter(s.kind for s in profile.skills.all()) if profile else Counter()
    edit = reverse("people:my_profile")
    items: list[ChecklistItem] = []
    if role in ("mentor", "peer"):
        items.append(
            ChecklistItem(
                "expertise",
                "Expertise skills with your level",
                kinds["expertise"] > 0,
                "Mentees are matched on the skills you can share.",
                edit,
            )
        )
    if role in ("mentee", "peer"):
        items.append(
            ChecklistItem(
                "development_goals",
                "Skills you want to develop",
                kinds["development"] > 0,
                "Your mentor is chosen for these skills.",
                edit,
            )
        )
        items.append(
            ChecklistItem(
                "career_goals",
                "Career goals in a few sentences",
                bool(profile and profile.career_goals.strip()),
                "Compared with mentors' experience.",
                edit,
            )
        )
    items.append(
        ChecklistItem(
            "time_zone",
            "Time zone",
            bool(person.time_zone),
            "Used to find overlapping working hours.",
            edit,
        )
    )
    items.append(
        ChecklistItem(
            "languages",
            "Languages you speak",
            bool(person.languages),
            "Pairs share at least one language.",
            edit,
        )
    )
    if program is not None:
        for provider in checklist_providers:
            items.extend(provider(person, program, role))
    return items


def list_announcements(program: Program) -> QuerySet[ProgramAnnouncement]:
    return ProgramAnnouncement.objects.filter(program=program).select_related("sent_by")


def memberships_for_user(user: Any) -> list[dict[str, Any]]:
    """For /api/v1/me: the user's participations (withdrawn and declined left out)."""
    person_id = permissions.person_id_of(user)
    if person_id is None:
        return []
    rows = (
        Participant.objects.filter(person_id=person_id, status__in=ACTIVE_PARTICIPANT_STATUSES)
        .select_related("program")
        .order_by("program__name", "role")
    )
    return [
        {
            "program_id": r.program_id,
            "program_name": r.program.name,
            "role": r.role,
            "status": r.status,
        }
        for r in rows
    ]


def managed_program_ids(user: Any) -> list[int]:
    person_id = permissions.person_id_of(user)
    if person_id is None or not user.is_active:
        return []
    return list(Program.objects.filter(managers__pk=person_id).values_list("pk", flat=True))


def program_cards_for_home(user: Any, *, limit: int = 6) -> dict[str, list[Program]]:
    """For the home page: the user's programs and the ones open to them (two short lists)."""
    if not is_authenticated(user):
        return {"mine": [], "open": []}
    mine = list(list_programs(actor=user, scope="mine")[:limit])
    mine_ids = {p.pk for p in mine}
    open_ = [
        p for p in list_programs(actor=user, scope="open")[: limit * 2] if p.pk not in mine_ids
    ][:limit]
    return {"mine": mine, "open": open_}


CSV_COLUMNS = (
    "participant_id",
    "person_id",
    "employee_id",
    "full_name",
    "email",
    "department",
    "job_level",
    "location",
    "role",
    "status",
    "capacity",
    "applied_at",
    "decided_at",
)


def participants_csv(program: Program, *, role: str = "", status: str = "") -> str:
    """The participant table as CSV (answers as one column per question)."""
    import csv
    import io

    questions = list(program.questions.all())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*CSV_COLUMNS, *(q.text for q in questions)])
    for p in list_participants(program=program, role=role, status=status):
        person = p.person
        answers = [p.answers.get(str(q.pk), "") for q in questions]
        writer.writerow(
            [
                p.pk,
                person.pk,
                person.employee_id,
                _csv_safe(person.full_name),
                person.email,
                _csv_safe(person.department),
                person.job_level or "",
                _csv_safe(person.location),
                p.role,
                p.status,
                p.capacity,
                p.created_at.isoformat(),
                p.decided_at.isoformat() if p.decided_at else "",
                *(_csv_safe("; ".join(a) if isinstance(a, list) else str(a)) for a in answers),
            ]
        )
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in free text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def my_enrolment(user: Any, program: Program) -> dict[str, Any]:
    """The caller's view of enrolling: eligibility, window, participations, checklists."""
    from .design import window_error

    person = person_of(user)
    verdict = eligibility_of(person, program)
    window = window_error(program, clock.today())
    roles = list(roles_for_type(program.type))
    return {
        "eligible": verdict.eligible,
        "reasons": verdict.reasons,
        "window_open": window is None,
        "window_message": window or "",
        "roles": roles,
        "participations": participations_of(person, program),
        "checklist": {
            role: [item.__dict__ for item in profile_checklist(person, role, program)]
            if person
            else []
            for role in roles
        },
    }


def home_section_context(request: Any) -> dict[str, Any] | None:
    """The home page's programs section: yours and the ones open to you (hidden if none)."""
    cards = program_cards_for_home(request.user)
    if not cards["mine"] and not cards["open"]:
        return None
    return cards
