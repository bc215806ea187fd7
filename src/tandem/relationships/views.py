"""Relationship pages: my relationships, the relationship home page, agreement, goals,
meetings, notes, status, closure survey, certificate; the program's manager view and its
recognition feed. Thin: parse → authorise → one service/selector → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core import clock
from tandem.core.errors import DomainError
from tandem.programs.models import Participant, Program
from tandem.web.context_processors import nav_section

from . import common, ics, permissions, selectors, services
from . import goals as goal_services
from . import meetings as meeting_services
from . import notes as note_services
from .closure_port import closure_surveys
from .forms import (
    AgreementForm,
    CommentForm,
    GoalForm,
    GoalProgressForm,
    MeetingForm,
    MilestoneForm,
    NoteForm,
    PulseForm,
    RelationshipCreateForm,
    StatusForm,
)
from .overview import build_overview
from .recognition import feed_for

MANAGERS_SEE_THE_PROGRAM_VIEW = (
    "You manage this relationship's program but are not one of its members: what members write "
    "(goals, meetings, notes) stays private to them, so here is its row in the program view."
)


def _contents(request: HttpRequest, relationship_id: int) -> Any:
    return selectors.access_relationship_contents_by_id(
        actor=request.user, relationship_id=relationship_id
    )


def _fail(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


@login_required
def my_relationships(request: HttpRequest) -> HttpResponse:
    from tandem.programs.selectors import managed_program_ids

    mine = list(selectors.with_stats(selectors.list_my_relationships(request.user)))
    managed = Program.objects.filter(pk__in=managed_program_ids(request.user))
    return render(request, "relationships/list.html", {"relationships": mine, "managed": managed})


@login_required
def relationship_home(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.access_relationship_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    if not permissions.is_member(request.user, relationship):
        messages.info(request, MANAGERS_SEE_THE_PROGRAM_VIEW)
        url = reverse("relationships:program", args=[relationship.program_id])
        return redirect(f"{url}#relationship-{relationship.pk}")
    view = build_overview(actor=request.user, relationship=relationship)
    return render(
        request,
        "relationships/home.html",
        {"view": view, "r": relationship, "note_form": NoteForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = _contents(request, relationship_id)
    me = permissions.membership(request.user, relationship)
    form = AgreementForm(request.POST or None, initial={"notes": me.agreement_notes if me else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_agreement(
                relationship=relationship, actor=request.user, notes=form.cleaned_data["notes"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Agreement accepted.")
            return redirect("relationships:detail", relationship_id=relationship.pk)
    return render(
        request, "relationships/agreement.html", {"r": relationship, "me": me, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = _contents(request, relationship_id)
    if not permissions.can_draft_goal(request.user, relationship):
        raise PermissionDenied(goal_services.MENTEE_DRAFTS)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = goal_services.create_goal(
                relationship=relationship, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Goal saved. Now break it into milestones.")
            return redirect("relationships:goal", goal_id=goal.pk)
    return render(request, "relationships/goal_form.html", {"r": relationship, "form": form})


@login_required
def goal_page(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)
    initial = {
        "status": goal.status,
        "progress": goal.progress if goal.progress_set_by_hand else None,
    }
    context = {
        "goal": goal,
        "r": goal.relationship,
        "can_edit": permissions.can_edit_goal(request.user, goal),
        "can_write": permissions.can_write_contents(request.user, goal.relationship),
        "milestone_form": MilestoneForm(),
        "comment_form": CommentForm(),
        "progress_form": GoalProgressForm(initial=initial),
    }
    return render(request, "relationships/goal.html", context)


@login_required
@require_POST
def goal_update(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)
    form = GoalProgressForm(request.POST)
    if form.is_valid():
        try:
            goal_services.update_goal(goal=goal, actor=request.user, data=form.cleaned_data)
            messages.success(request, "Goal updated.")
        except DomainError as exc:
            _fail(request, exc)
    return redirect("relationships:goal", goal_id=goal.pk)


@login_required
@require_POST
def milestone_add(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            goal_services.add_milestone(goal=goal, actor=request.user, **form.cleaned_data)
            messages.success(request, "Milestone added.")
        except DomainError as exc:
            _fail(request, exc)
    else:
        messages.error(request, goal_services.MILESTONE_TITLE_MISSING)
    return redirect("relationships:goal", goal_id=goal.pk)


@login_required
@require_POST
def milestone_toggle(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = selectors.access_milestone_by_id(actor=request.user, milestone_id=milestone_id)
    done = request.POST.get("completed") == "1"
    try:
        goal_services.update_milestone(milestone=milestone, actor=request.user, completed=done)
        messages.success(
            request, "Milestone completed — well done!" if done else "Milestone reopened."
        )
    except DomainError as exc:
        _fail(request, exc)
    return redirect(request.POST.get("next") or f"/relationships/goals/{milestone.goal_id}/")


@login_required
@require_POST
def comment_add(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = selectors.access_goal_by_id(actor=request.user, goal_id=goal_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            goal_services.add_goal_comment(goal=goal, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _fail(request, exc)
    return redirect("relationships:goal", goal_id=goal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = _contents(request, relationship_id)
    me = permissions.membership(request.user, relationship)
    people = common.member_people(relationship)
    agenda = meeting_services.build_agenda(relationship, clock.today())
    form = MeetingForm(
        request.POST or None,
        scheduler=me.participant.person if me else None,
        members=people,
        agenda=agenda,
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = meeting_services.schedule_meeting(
                relationship=relationship, actor=request.user, **form.service_kwargs()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            extra = f" and {len(created) - 1} more in the series" if len(created) > 1 else ""
            messages.success(request, f"Meeting scheduled{extra}; the invites are on their way.")
            return redirect("relationships:meeting", meeting_id=created[0].pk)
    return render(
        request,
        "relationships/meeting_form.html",
        {"r": relationship, "form": form, "people": people},
    )


@login_required
def meeting_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)
    relationship = meeting.relationship
    context = {
        "meeting": meeting,
        "r": relationship,
        "people": common.member_people(relationship),
        "my_pulse": selectors.get_my_pulse(actor=request.user, meeting=meeting),
        "pulse_form": PulseForm(),
        "notes": selectors.list_notes(
            actor=request.user, relationship=relationship, meeting=meeting
        ),
        "note_form": NoteForm(initial={"meeting_id": meeting.pk}),
        "can_write": permissions.can_change_meeting(request.user, meeting),
    }
    return render(request, "relationships/meeting.html", context)


@login_required
@require_POST
def meeting_status(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)
    try:
        meeting_services.update_meeting(
            meeting=meeting, actor=request.user, data={"status": request.POST.get("status", "")}
        )
        messages.success(request, "Meeting updated.")
    except DomainError as exc:
        _fail(request, exc)
    return redirect("relationships:meeting", meeting_id=meeting.pk)


@login_required
@require_POST
def meeting_pulse(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)
    form = PulseForm(request.POST)
    if form.is_valid():
        try:
            meeting_services.submit_pulse(meeting=meeting, actor=request.user, **form.cleaned_data)
            messages.success(request, "Thanks for your pulse.")
        except DomainError as exc:
            _fail(request, exc)
    else:
        messages.error(request, "Pick a rating from 1 to 5 and answer the fit question.")
    return redirect("relationships:meeting", meeting_id=meeting.pk)


@login_required
def meeting_invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting_by_id(actor=request.user, meeting_id=meeting_id)
    return ics.invite_response(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def notes_page(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = _contents(request, relationship_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = None
        if form.cleaned_data.get("meeting_id"):
            meeting = selectors.access_meeting_by_id(
                actor=request.user, meeting_id=form.cleaned_data["meeting_id"]
            )
        try:
            note_services.add_note(
                relationship=relationship,
                actor=request.user,
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
                meeting=meeting,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Note saved.")
            back = request.POST.get("next") or ""
            return redirect(back if back.startswith("/relationships/") else request.path)
    notes = selectors.list_notes(actor=request.user, relationship=relationship)
    return render(
        request, "relationships/notes.html", {"r": relationship, "notes": notes, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def status_page(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = selectors.access_relationship_by_id(
        actor=request.user, relationship_id=relationship_id
    )
    form = StatusForm(request.POST or None, relationship=relationship)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                relationship=relationship, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Relationship updated.")
            if permissions.is_member(request.user, relationship):
                return redirect("relationships:detail", relationship_id=relationship.pk)
            return redirect("relationships:program", program_id=relationship.program_id)
    return render(request, "relationships/status.html", {"r": relationship, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def closure_page(request: HttpRequest, relationship_id: int) -> HttpResponse:
    """The program's closure survey (a survey of the builder), drawn by the surveys app."""
    relationship = _contents(request, relationship_id)
    return closure_surveys().page(request, relationship)


@login_required
def certificate(request: HttpRequest, relationship_id: int) -> HttpResponse:
    relationship = _contents(request, relationship_id)
    if not permissions.can_view_certificate(request.user, relationship):
        raise PermissionDenied("The certificate is ready once the relationship has closed.")
    me = permissions.membership(request.user, relationship)
    stats = selectors.stats_for(relationship)
    context = {
        "r": relationship,
        "me": me,
        "stats": stats,
        "others": [m for m in relationship.members.all() if m != me],
    }
    return render(request, "relationships/certificate.html", context)


@login_required
def program_overview(request: HttpRequest, program_id: int) -> HttpResponse:
    nav_section(request, "programs:list")
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    rows = list(selectors.list_program_relationships(actor=request.user, program=program))
    return render(request, "relationships/program.html", {"program": program, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def program_new_relationship(request: HttpRequest, program_id: int) -> HttpResponse:
    nav_section(request, "programs:list")
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_create_relationship(request.user, program):
        raise PermissionDenied(services.NOT_A_MANAGER)
    ready = Participant.objects.filter(
        program=program, status__in=[Participant.Status.APPROVED, Participant.Status.MATCHED]
    ).select_related("person")
    mentors = [p for p in ready if p.role == Participant.Role.MENTOR]
    mentees = [p for p in ready if p.role == Participant.Role.MENTEE]
    form = RelationshipCreateForm(request.POST or None, mentors=mentors, mentees=mentees)
    if request.method == "POST" and form.is_valid():
        by_id = {p.pk: p for p in ready}
        try:
            services.create_relationship(
                program=program,
                mentor=by_id[int(form.cleaned_data["mentor"])],
                mentees=[by_id[int(form.cleaned_data["mentee"])]],
                kind="pair",
                actor=request.user,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Relationship created; both people have been told.")
            return redirect("relationships:program", program_id=program.pk)
    return render(request, "relationships/program_new.html", {"program": program, "form": form})


@login_required
def recognition(request: HttpRequest, program_id: int) -> HttpResponse:
    nav_section(request, "programs:list")
    program = selectors.access_program_by_id(actor=request.user, program_id=program_id)
    if not permissions.can_view_recognition(request.user, program):
        raise PermissionDenied("Only the program's participants and managers see its feed.")
    feed = feed_for(request.user, selectors.list_celebrations(program))
    return render(request, "relationships/recognition.html", {"program": program, "feed": feed})
