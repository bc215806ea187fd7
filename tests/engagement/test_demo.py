"""The demo's notifications agree with the demo's data (issue 14, defect 6)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import F

from tandem.engagement.models import Intervention, Notification, RelationshipWatch
from tandem.engagement.models.notifications import Delivery
from tandem.engagement.timefmt import format_time
from tandem.matchmaking.models import MatchRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", size=60, seed=7, stdout=io.StringIO())


def test_request_notices_state_the_deadline_the_inbox_shows_and_move_with_the_request(demo):
    requests = list(MatchRequest.objects.select_related("mentor__person"))
    assert requests
    for request in requests:
        mentor = request.mentor.person
        [notice] = Notification.objects.filter(
            subject_type="matchmaking.matchrequest", subject_id=request.pk, recipient=mentor
        )
        assert format_time(request.expires_at, mentor.time_zone) in notice.body
        assert notice.created_at == request.created_at
        assert (notice.read_at is None) == (request.status == "pending")
    # an answered request: the mentee's answer is dated when the mentor answered
    for request in MatchRequest.objects.exclude(status__in=["pending", "withdrawn"]):
        answers = Notification.objects.filter(
            subject_type="matchmaking.matchrequest",
            subject_id=request.pk,
            recipient=request.mentee.person,
        )
        assert all(a.created_at == request.answered_at for a in answers)


def test_demo_notifications_have_past_times_read_states_and_no_email(demo):
    feed = Notification.objects.filter(in_app=True)
    times = set(feed.values_list("created_at__date", flat=True))
    assert len(times) > 7
    assert (
        feed.filter(read_at__isnull=False).exists() and feed.filter(read_at__isnull=True).exists()
    )
    assert not feed.filter(read_at__lt=F("created_at")).exists()
    # no email from the demo, and an at-risk list with interventions
    assert not Notification.objects.filter(email_state=Delivery.PENDING).exists()
    assert RelationshipWatch.objects.filter(band="at_risk").exists()
    assert Intervention.objects.filter(follow_up_on__isnull=False, closed_at__isnull=True).exists()
