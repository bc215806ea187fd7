"""Enrolment writes: apply, approve / waitlist / decline (alone or in bulk), withdraw, capacity.

Import these from ``tandem.programs.services``. Message texts are constants so tests and
pages can rely on them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from tandem.core import clock
from tandem.core.audit import record_audit
from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.engagement.services import notify, publish_event
from tandem.people.models import Person

from . import design, permissions
from .eligibility import check_eligibility
from .models import EnrollmentQuestion, Participant, Program

NO_PERSON = "Your login is not linked to anyone in the directory yet."
ENROL_OTHERS_REFUSED = "Only org admins and this program's managers can enrol someone else."
NOT_ENROLLING = design.NOT_ENROLLING
WINDOW_NOT_OPEN = design.WINDOW_NOT_OPEN
WINDOW_CLOSED = design.WINDOW_CLOSED
INELIGIBLE = "{person} cannot join {program} as {role}: {reason}."
DUPLICATE = "{person} has already applied to {program} as {role} (status: {status})."
ROLE_NOT_OFFERED = "{program} is a {type} program: enrol as {roles}."
CAPACITY_MENTORS_ONLY = "Only mentors set a capacity."
CAPACITY_RANGE = "Capacity must be a whole number of mentees from 1 to 50."
ANSWER_REQUIRED = "Please answer “{question}”."
ANSWER_NOT_A_CHOICE = "“{value}” is not one of the choices for “{question}”."
ANSWER_SCALE = "Answer “{question}” with a number from 1 to 5."
ANSWER_TOO_LONG = "Keep the answer to “{question}” under 2000 characters."
UNKNOWN_QUESTION = "Question {id} is not one of this program's questions for {role}s."
DECIDE_REFUSED = "Only org admins and this program's managers can decide on applications."
BAD_DECISION = "A decision is one of: approved, waitlisted, declined."
PROGRAM_CLOSED = "{program} is closed; its participants can no longer change."
CANNOT_DECIDE = "{person} is {status} as {role}; only applications can be decided."
UNKNOWN_PARTICIPANTS = "Not participants of this program: {ids}."
ALREADY_WITHDRAWN = "{person} has already withdrawn."
MATCHED_WITHDRAW = "{person} is matched; end the relationship before withdrawing."
WITHDRAW_REFUSED = "You can only withdraw your own participation."
CAPACITY_REFUSED = "Only the mentor and the program's managers can change the capacity."
BAD_STATUS_CHANGE = "Set the status to approved, waitlisted, declined or withdrawn."

DECISIONS = ("approved", "waitlisted", "declined")
DECIDABLE = ("applied", "approved", "waitlisted", "declined")
MAX_ANSWER = 2000
_DECISION_TEXT = {
    "approved": ("You're in: {program}", "Your application as {role} was approved."),
    "waitlisted": ("Waitlisted: {program}", "Your application as {role} is on the waitlist."),
    "declined": ("Your application to {program}", "Your application as {role} was declined."),
}


def _check_window(program: Program, self_service: bool) -> None:
    """Self-service: enrolling and inside the window. Managers may add people late
    (while enrolling or matching), never to a draft, active or closed program."""
    if self_service:
        error = design.window_error(program, clock.today())
        if error:
            raise ConflictError(error, field="program")
    elif program.status not in (Program.Status.ENROLLING, Program.Status.MATCHING):
        raise ConflictError(NOT_ENROLLING.format(program=program.name, status=program.status))


def _clean_answer(question: EnrollmentQuestion, value: Any) -> Any:
    field = f"answers.{question.pk}"
    if question.kind == EnrollmentQuestion.Kind.SCALE:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise DomainError(ANSWER_SCALE.format(question=question.text), field=field)
        return value
    if question.kind == EnrollmentQuestion.Kind.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item not in question.choices:
                raise DomainError(
                    ANSWER_NOT_A_CHOICE.format(value=item, question=question.text), field=field
                )
        return list(dict.fromkeys(values))
    if question.kind == EnrollmentQuestion.Kind.SINGLE:
        if value not in question.choices:
            raise DomainError(
                ANSWER_NOT_A_CHOICE.format(value=value, question=question.text), field=field
            )
        return value
    text = str(value).strip()
    if len(text) > MAX_ANSWER:
        raise DomainError(ANSWER_TOO_LONG.format(question=question.text), field=field)
    return text


def _is_blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def clean_answers(program: Program, role: str, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers keyed by question id (as a string), validated by kind; required ones present."""
    questions = [q for q in program.questions.all() if q.audience in ("all", role)]
    by_id = {str(q.pk): q for q in questions}
    for key in answers:
        if str(key) not in by_id:
            raise DomainError(UNKNOWN_QUESTION.format(id=key, role=role), field="answers")
    cleaned: dict[str, Any] = {}
    given = {str(k): v for k, v in answers.items()}
    for key, question in by_id.items():
        value = given.get(key)
        if _is_blank(value):
            if question.required:
                raise DomainError(
                    ANSWER_REQUIRED.format(question=question.text), field=f"answers.{key}"
                )
            continue
        cleaned[key] = _clean_answer(question, value)
    return cleaned


def _capacity(program: Program, role: str, capacity: int | None) -> int:
    if role != Participant.Role.MENTOR:
        if capacity not in (None, 1):
            raise DomainError(CAPACITY_MENTORS_ONLY, field="capacity")
        return 1
    value = program.default_mentor_capacity if capacity is None else capacity
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 50:
        raise DomainError(CAPACITY_RANGE, field="capacity")
    return value


def _actor_person(actor: Any) -> Person | None:
    return Person.objects.filter(user_id=actor.pk).first()


def _check_enrolment(
    actor: Any, program: Program, person: Person, role: str, self_service: bool
) -> None:
    if not self_service and not permissions.can_enroll_others(actor, program):
        raise NotAllowed(ENROL_OTHERS_REFUSED)
    roles = design.roles_for_type(program.type)
    if role not in roles:
        message = ROLE_NOT_OFFERED.format(
            program=program.name,
            type=program.get_type_display().lower(),
            roles=" or ".join(roles),
        )
        raise DomainError(message, field="role")
    _check_window(program, self_service)
    verdict = check_eligibility(person, program.eligibility, clock.today(), role)
    if not verdict.eligible:
        message = INELIGIBLE.format(
            person=person.full_name, program=program.name, role=role, reason=verdict.reason
        )
        raise DomainError(message, field="person_id" if not self_service else "eligibility")


def _duplicate(person: Person, program: Program, role: str, status: str) -> ConflictError:
    return ConflictError(
        DUPLICATE.format(person=person.full_name, program=program.name, role=role, status=status),
        field="role",
    )


@transaction.atomic
def enroll_participant(
    *,
    actor: Any,
    program: Program,
    person: Person | None = None,
    role: str,
    answers: dict[str, Any] | None = None,
    capacity: int | None = None,
) -> Participant:
    """Apply ``person`` (default: the actor's person) to ``program`` as ``role``.

    Refused with a specific message when the role is not offered, the window is closed,
    the person is ineligible, or already applied in that role (also under concurrency:
    the unique constraint turns a lost race into the same 409).
    """
    me = _actor_person(actor)
    person = person or me
    if person is None:
        raise DomainError(NO_PERSON, field="person_id")
    self_service = me is not None and me.pk == person.pk
    _check_enrolment(actor, program, person, role, self_service)
    cleaned = clean_answers(program, role, answers or {})
    seats = _capacity(program, role, capacity)
    existing = Participant.objects.filter(program=program, person=person, role=role).first()
    if existing is not None and existing.status != Participant.Status.WITHDRAWN:
        raise _duplicate(person, program, role, existing.status)
    participant = existing or Participant(program=program, person=person, role=role)
    participant.status = Participant.Status.APPLIED
    participant.answers, participant.capacity = cleaned, seats
    participant.decided_at = participant.withdrawn_at = None
    participant.decided_by = None
    participant.decision_note = ""
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:
        raise _duplicate(person, program, role, Participant.Status.APPLIED) from exc
    if not self_service:
        record_audit(
            actor=actor,
            action="participant.enrol",
            target=participant,
            after={"person_id": person.pk, "role": role, "status": participant.status},
        )
    _participant_event("participant.enrolled", participant)
    return participant


def _participant_event(name: str, participant: Participant) -> None:
    publish_event(
        name,
        {
            "participant_id": participant.pk,
            "program_id": participant.program_id,
            "person_id": participant.person_id,
            "role": participant.role,
            "status": participant.status,
        },
    )


def _decision_notice(program: Program, status: str, people: list[Participant], note: str) -> None:
    by_role: dict[str, list[Person]] = defaultdict(list)
    for participant in people:
        by_role[participant.role].append(participant.person)
    title, body = _DECISION_TEXT[status]
    url = reverse("programs:detail", kwargs={"program_id": program.pk})
    for role, recipients in by_role.items():
        text = body.format(role=role) + (f"\n\n{note.strip()}" if note.strip() else "")
        notify(
            recipients=recipients,
            kind=f"program.{status}",
            title=title.format(program=program.name),
            body=text,
            url=url,
        )


@transaction.atomic
def decide_participants(
    *, actor: Any, program: Program, participant_ids: list[int], status: str, note: str = ""
) -> list[Participant]:
    """Approve, waitlist or decline applications in one transaction (all or nothing).

    Participants already in ``status`` are left as they are; each change is audited and
    each applicant told (in-app and email).
    """
    if not permissions.can_manage_participants(actor, program):
        raise NotAllowed(DECIDE_REFUSED)
    if status not in DECISIONS:
        raise DomainError(BAD_DECISION, field="status")
    if program.status == Program.Status.CLOSED:
        raise ConflictError(PROGRAM_CLOSED.format(program=program.name))
    rows = list(
        Participant.objects.select_for_update()
        .select_related("person")
        .filter(program=program, pk__in=participant_ids)
    )
    missing = sorted(set(participant_ids) - {p.pk for p in rows})
    if missing:
        ids = ", ".join(str(i) for i in missing)
        raise DomainError(UNKNOWN_PARTICIPANTS.format(ids=ids), field="participant_ids")
    for row in rows:
        if row.status not in DECIDABLE:
            raise ConflictError(
                CANNOT_DECIDE.format(person=row.person.full_name, status=row.status, role=row.role)
            )
    decider, now = _actor_person(actor), clock.now()
    changed_rows = [row for row in rows if row.status != status]
    for row in changed_rows:
        before = row.status
        row.status, row.decided_at, row.decided_by = status, now, decider
        row.decision_note = note.strip()[:500]
        row.save(
            update_fields=["status", "decided_at", "decided_by", "decision_note", "updated_at"]
        )
        record_audit(
            actor=actor,
            action=f"participant.{status}",
            target=row,
            before={"status": before},
            after={"status": status, "note": row.decision_note},
        )
        _participant_event("participant.status_changed", row)
    if changed_rows:
        _decision_notice(program, status, changed_rows, note)
    return rows


def decide_participant(
    *, actor: Any, participant: Participant, status: str, note: str = ""
) -> Participant:
    decide_participants(
        actor=actor,
        program=participant.program,
        participant_ids=[participant.pk],
        status=status,
        note=note,
    )
    participant.refresh_from_db()
    return participant


@transaction.atomic
def withdraw_participant(*, actor: Any, participant: Participant, reason: str = "") -> Participant:
    """The participant (or a manager for them) leaves the program; managers are told."""
    if not permissions.can_withdraw_participant(actor, participant):
        raise NotAllowed(WITHDRAW_REFUSED)
    participant = (
        Participant.objects.select_for_update()
        .select_related("person", "program")
        .get(pk=participant.pk)
    )
    name = participant.person.full_name
    if participant.status == Participant.Status.WITHDRAWN:
        raise ConflictError(ALREADY_WITHDRAWN.format(person=name), field="status")
    if participant.status == Participant.Status.MATCHED:
        raise ConflictError(MATCHED_WITHDRAW.format(person=name), field="status")
    before = participant.status
    participant.status, participant.withdrawn_at = Participant.Status.WITHDRAWN, clock.now()
    if reason.strip():
        participant.decision_note = reason.strip()[:500]
    participant.save(update_fields=["status", "withdrawn_at", "decision_note", "updated_at"])
    record_audit(
        actor=actor,
        action="participant.withdraw",
        target=participant,
        before={"status": before},
        after={"status": participant.status},
    )
    _participant_event("participant.status_changed", participant)
    program = participant.program
    url = reverse("programs:participants", kwargs={"program_id": program.pk})
    notify(
        recipients=list(program.managers.all()),
        kind="program.withdrawal",
        title=f"{name} withdrew from {program.name}",
        body=reason.strip(),
        url=url,
        email=False,
    )
    return participant


@transaction.atomic
def set_participant_capacity(*, actor: Any, participant: Participant, capacity: int) -> Participant:
    """A mentor's capacity: how many mentees they take (1–50)."""
    if not permissions.can_set_capacity(actor, participant):
        raise NotAllowed(CAPACITY_REFUSED)
    if participant.role != Participant.Role.MENTOR:
        raise DomainError(CAPACITY_MENTORS_ONLY, field="capacity")
    if participant.status == Participant.Status.WITHDRAWN:
        raise ConflictError(ALREADY_WITHDRAWN.format(person=participant.person.full_name))
    value = _capacity(participant.program, participant.role, capacity)
    before = participant.capacity
    participant.capacity = value
    participant.save(update_fields=["capacity", "updated_at"])
    record_audit(
        actor=actor,
        action="participant.capacity",
        target=participant,
        before={"capacity": before},
        after={"capacity": value},
    )
    return participant


def update_participant(
    *,
    actor: Any,
    participant: Participant,
    status: str | None = None,
    capacity: int | None = None,
    note: str = "",
) -> Participant:
    """PATCH semantics: a status change (decision or withdrawal) and/or a new capacity."""
    if status is not None and status not in (*DECISIONS, Participant.Status.WITHDRAWN):
        raise DomainError(BAD_STATUS_CHANGE, field="status")
    with transaction.atomic():
        if capacity is not None:
            participant = set_participant_capacity(
                actor=actor, participant=participant, capacity=capacity
            )
        if status == Participant.Status.WITHDRAWN:
            participant = withdraw_participant(actor=actor, participant=participant, reason=note)
        elif status is not None:
            if not permissions.can_decide_participant(actor, participant):
                raise NotAllowed(DECIDE_REFUSED)
            participant = decide_participant(
                actor=actor, participant=participant, status=status, note=note
            )
    return participant


def mark_participants_matched(*, participant_ids: list[int]) -> int:
    """A relationship now holds these participants. Called by the relationships and
    matchmaking workflows, which have already checked the actor's permission."""
    return Participant.objects.filter(pk__in=participant_ids).update(
        status=Participant.Status.MATCHED
    )


def return_participants_to_pool(*, participant_ids: list[int]) -> int:
    """After a relationship ends for a rematch, these participants can be matched again."""
    return Participant.objects.filter(pk__in=participant_ids).update(
        status=Participant.Status.APPROVED
    )
