"""Publishing a run as relationships (once, with notifications), and rematching one."""

from __future__ import annotations

import pytest

from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.core.models import AuditLog
from tandem.engagement.models import Notification
from tandem.matchmaking import publishing, review
from tandem.matchmaking.models import ExcludedPair
from tandem.programs.models import Participant
from tandem.relationships.models import Relationship

from .conftest import make_cohort

pytestmark = pytest.mark.django_db


def test_published_runs_are_read_only_and_publish_once(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    created = publishing.publish_match_run(run=run, actor=cohort.manager.user)
    assert len(created) == 5
    assert all(r.status == Relationship.Status.PENDING for r in created)
    assert all(r.match_run_id == run.pk and r.match_reasons for r in created)
    assert set(Participant.objects.filter(role="mentee").values_list("status", flat=True)) == {
        "matched"
    }
    with pytest.raises(ConflictError, match="already published"):
        publishing.publish_match_run(run=run, actor=cohort.manager.user)
    with pytest.raises(ConflictError, match="read-only"):
        review.update_proposal(
            proposal=run.proposals.first(), actor=cohort.manager.user, locked=True
        )


def test_publishing_notifies_both_people_with_the_reasons(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    publishing.publish_match_run(run=run, actor=cohort.manager.user)
    p = run.proposals.first()
    mentee_note = Notification.objects.get(recipient=p.mentee.person, kind="match.published")
    assert p.mentor.person.full_name in mentee_note.title
    assert "Why you were matched" in mentee_note.body
    assert Notification.objects.filter(recipient=p.mentor.person, kind="match.published").exists()


def test_publishing_skips_rejected_pairs_and_refuses_if_someone_left(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    p = run.proposals.first()
    review.update_proposal(proposal=p, actor=cohort.manager.user, rejected=True)
    other = run.proposals.exclude(pk=p.pk).first()
    Participant.objects.filter(pk=other.mentee_id).update(status="withdrawn")
    with pytest.raises(ConflictError, match="no longer available"):
        publishing.publish_match_run(run=run, actor=cohort.manager.user)
    Participant.objects.filter(pk=other.mentee_id).update(status="approved")
    created = publishing.publish_match_run(run=run, actor=cohort.manager.user)
    assert len(created) == 4


def test_a_second_run_cannot_publish_people_already_matched(cohort, run_now):
    a = run_now(cohort.program, cohort.manager.user)
    b = run_now(cohort.program, cohort.manager.user)
    publishing.publish_match_run(run=a, actor=cohort.manager.user)
    with pytest.raises(ConflictError, match="no longer available"):
        publishing.publish_match_run(run=b, actor=cohort.manager.user)


def test_only_managers_publish(cohort, run_now):
    run = run_now(cohort.program, cohort.manager.user)
    with pytest.raises(NotAllowed):
        publishing.publish_match_run(run=run, actor=cohort.mentees[0].person.user)


def test_a_confirmed_capacity_override_is_honoured_at_publish(run_now):
    c = make_cohort(mentors=2, mentees=2, capacity=1)
    run = run_now(c.program, c.manager.user)
    p = run.proposals.first()
    other = next(m for m in c.mentors if m.pk != p.mentor_id)
    review.update_proposal(proposal=p, actor=c.manager.user, mentor=other, confirm=True)
    created = publishing.publish_match_run(run=run, actor=c.manager.user)
    assert len(created) == 2
    assert Participant.objects.get(pk=other.pk).capacity == 2
    assert AuditLog.objects.filter(action="participant.capacity").exists()


# --- rematch -------------------------------------------------------------------------------


def test_rematch_returns_both_to_the_pool_and_the_next_run_excludes_the_pair(run_now):
    c = make_cohort(mentors=2, mentees=1, capacity=1)
    run = run_now(c.program, c.manager.user)
    (relationship,) = publishing.publish_match_run(run=run, actor=c.manager.user)
    pair = run.proposals.get()
    publishing.rematch_relationship(
        relationship=relationship, actor=c.manager.user, reason="Not a fit"
    )
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.ENDED
    assert ExcludedPair.objects.filter(mentee_id=pair.mentee_id, mentor_id=pair.mentor_id).exists()
    assert Participant.objects.get(pk=pair.mentee_id).status == "approved"
    assert Participant.objects.get(pk=pair.mentor_id).status == "approved"
    nxt = run_now(c.program, c.manager.user)
    assert nxt.proposals.get().mentor_id != pair.mentor_id


def test_rematch_needs_a_manager_and_a_reason(run_now):
    c = make_cohort(mentors=1, mentees=1)
    run = run_now(c.program, c.manager.user)
    (relationship,) = publishing.publish_match_run(run=run, actor=c.manager.user)
    with pytest.raises(NotAllowed):
        publishing.rematch_relationship(
            relationship=relationship, actor=c.mentees[0].person.user, reason="x"
        )
    with pytest.raises(DomainError, match="Say why"):
        publishing.rematch_relationship(relationship=relationship, actor=c.manager.user, reason=" ")
