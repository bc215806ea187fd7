"""The relationships demo step: the demo pair is active with a full history."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tandem.relationships.models import Celebration, Meeting, Note, Pulse, Relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", size=60, seed=7, stdout=io.StringIO())


def _demo_relationship():
    return Relationship.objects.filter(
        members__participant__person__email="mentee@demo.tandem.test"
    ).get(members__participant__person__email="mentor@demo.tandem.test")


def test_the_demo_mentor_and_mentee_have_an_active_relationship_with_history(demo):
    relationship = _demo_relationship()
    assert relationship.status == "active"
    assert all(m.agreement_accepted_at for m in relationship.members.all())
    goals = list(relationship.goals.all())
    assert len(goals) == 2
    assert all(g.milestones.exists() for g in goals)
    assert sum(1 for g in goals for m in g.milestones.all() if m.completed_at) == 1
    assert Celebration.objects.filter(relationship=relationship, kind="milestone").count() == 1
    held = relationship.meetings.filter(status=Meeting.Status.HELD)
    assert held.count() >= 2
    assert Pulse.objects.filter(meeting__in=held).count() == 2 * held.count()
    assert relationship.meetings.filter(status="scheduled").count() >= 2
    private = Note.objects.filter(relationship=relationship, visibility="private")
    assert {n.author.email for n in private} == {
        "mentor@demo.tandem.test",
        "mentee@demo.tandem.test",
    }
    assert Note.objects.filter(relationship=relationship, visibility="shared").count() >= 2
    assert relationship.health is not None


def test_the_active_program_has_other_relationships_with_varied_health(demo):
    relationship = _demo_relationship()
    others = Relationship.objects.filter(program=relationship.program).exclude(pk=relationship.pk)
    assert others.count() >= 5
    health = sorted(h for h in others.values_list("health", flat=True) if h is not None)
    assert health[0] < 40 <= 60 < health[-1]
    assert others.filter(status="paused").exists()
    manager = relationship.program.managers.filter(email="manager@demo.tandem.test")
    assert manager.exists()
