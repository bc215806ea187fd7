"""Meetings across time zones, daylight saving, recurring series, agenda, and .ics invites."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from icalendar import Calendar

from tandem.core.errors import ConflictError, DomainError
from tandem.relationships import ics, meetings, recurrence
from tandem.relationships.models import Meeting
from tests.relationships.conftest import NOW
from tests.relationships.factories import ProgramFactory

pytestmark = pytest.mark.django_db

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _schedule(pair, who="mentee", **kwargs):
    kwargs.setdefault("starts_at", dt.datetime(2025, 3, 10, 9, 0))
    created = meetings.schedule_meeting(
        relationship=pair.relationship, actor=getattr(pair, who).user, **kwargs
    )
    for meeting in created:
        meeting.relationship = pair.relationship
    return created


def _parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_a_meeting_at_nine_in_tokyo_is_eight_pm_the_day_before_in_new_york(pair):
    [meeting] = _schedule(pair, time_zone="Asia/Tokyo")  # the Tokyo mentee schedules
    assert meeting.starts_at == dt.datetime(2025, 3, 10, 0, 0, tzinfo=dt.UTC)
    in_new_york = meeting.starts_at.astimezone(NEW_YORK)
    assert (in_new_york.date(), in_new_york.hour) == (dt.date(2025, 3, 9), 20)  # EDT since 9 Mar
    assert meeting.time_zone == "Asia/Tokyo"


def test_the_time_zone_defaults_to_the_schedulers_own(pair):
    [by_mentor] = _schedule(pair, who="mentor", starts_at=dt.datetime(2025, 3, 5, 9, 0))
    assert by_mentor.time_zone == "America/New_York"
    assert by_mentor.starts_at.astimezone(NEW_YORK).hour == 9
    assert by_mentor.starts_at.astimezone(TOKYO).strftime("%d %H:%M") == "05 23:00"


def test_an_aware_start_time_keeps_its_instant_whatever_the_zone(pair):
    start = dt.datetime(2025, 3, 10, 9, 0, tzinfo=TOKYO)
    [meeting] = _schedule(pair, starts_at=start, time_zone="Europe/Berlin")
    assert meeting.starts_at == start.astimezone(dt.UTC)


def test_the_api_shows_the_meeting_in_both_members_zones(pair):
    body = (
        pair.client("mentee")
        .post(
            f"/api/v1/relationships/{pair.relationship.pk}/meetings",
            {"starts_at": "2025-03-10T09:00:00", "time_zone": "Asia/Tokyo"},
        )
        .json()
    )
    local = {row["time_zone"]: row["starts_at"] for row in body["local_times"]}
    assert local["Asia/Tokyo"] == "2025-03-10T09:00:00+09:00"
    assert local["America/New_York"] == "2025-03-09T20:00:00-04:00"
    assert body["starts_at"].startswith("2025-03-10T00:00:00")


def test_a_meeting_in_the_past_or_in_an_unknown_zone_is_refused(pair):
    with pytest.raises(DomainError, match="in the past"):
        _schedule(pair, starts_at=NOW - dt.timedelta(hours=1))
    with pytest.raises(DomainError) as exc:
        _schedule(pair, time_zone="Mars/Olympus")
    assert exc.value.errors[0].field == "time_zone"


def test_a_series_keeps_the_wall_clock_time_across_the_us_daylight_saving_change(pair):
    # New York moves to EDT on 9 March 2025; 09:00 stays 09:00 locally, UTC moves an hour.
    created = _schedule(
        pair,
        who="mentor",
        starts_at=dt.datetime(2025, 3, 3, 13, 0),
        repeat_every_days=7,
        repeat_until=dt.date(2025, 3, 17),
    )
    local = [m.starts_at.astimezone(NEW_YORK).strftime("%m-%d %H:%M") for m in created]
    utc = [m.starts_at.strftime("%H:%M") for m in created]
    assert local == ["03-03 13:00", "03-10 13:00", "03-17 13:00"]
    assert utc == ["18:00", "17:00", "17:00"]
    assert len({m.series_id for m in created}) == 1


def test_a_series_keeps_the_wall_clock_time_across_the_eu_autumn_change():
    first = dt.datetime(2025, 10, 20, 9, 0, tzinfo=BERLIN)
    times = recurrence.occurrences(
        first, time_zone="Europe/Berlin", interval_days=7, until=dt.date(2025, 11, 3)
    )
    assert [t.astimezone(BERLIN).hour for t in times] == [9, 9, 9]
    assert [t.hour for t in times] == [7, 8, 8]  # CEST → CET on 26 October


def test_a_local_time_inside_the_spring_gap_moves_one_hour_later():
    first = dt.datetime(2025, 3, 2, 2, 30, tzinfo=NEW_YORK)
    times = recurrence.occurrences(
        first, time_zone="America/New_York", interval_days=7, until=dt.date(2025, 3, 9)
    )
    assert times[1].astimezone(NEW_YORK).strftime("%d %H:%M") == "09 03:30"


def test_a_series_runs_to_the_end_of_the_program_by_default(pair):
    created = _schedule(pair, starts_at=dt.datetime(2025, 11, 3, 9, 0), repeat_every_days=14)
    assert created[-1].starts_at.date() <= pair.program.ends_on
    assert len(created) == 4  # 3 Nov, 17 Nov, 1 Dec, 15 Dec (the program ends 19 Dec)


def test_a_series_without_a_program_end_needs_an_until_date(db, frozen):
    from tests.relationships.conftest import make_pair

    pair = make_pair(program=ProgramFactory(ends_on=None))
    with pytest.raises(DomainError) as exc:
        _schedule(pair, repeat_every_days=7)
    assert exc.value.errors[0].field == "repeat_until"


def test_an_empty_agenda_is_prefilled_from_this_weeks_curriculum_and_starters(pair):
    [meeting] = _schedule(pair, starts_at=dt.datetime(2025, 3, 10, 9, 0))
    # the relationship started on 3 March → 10 March is week 2 → the week-1 entry applies
    assert "Week 1 — Getting to know each other" in meeting.agenda
    assert "Conversation starters:" in meeting.agenda
    [later] = _schedule(pair, starts_at=dt.datetime(2025, 3, 20, 9, 0), agenda="")
    assert "Week 3 — Giving and receiving feedback" in later.agenda
    [own] = _schedule(pair, starts_at=dt.datetime(2025, 3, 21, 9, 0), agenda="Talk about X")
    assert own.agenda == "Talk about X"


def test_the_invite_is_a_valid_request_with_organizer_attendees_and_agenda(pair):
    [meeting] = _schedule(
        pair,
        time_zone="Asia/Tokyo",
        location="https://meet.example/abc",
        agenda="Review the talk outline",
    )
    calendar = _parse(ics.invite_for(meeting))
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@tandem"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == dt.datetime(2025, 3, 10, 0, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=45)
    assert str(event["ORGANIZER"]) == f"mailto:{pair.mentee.email}"
    attendees = {str(a) for a in event["ATTENDEE"]}
    assert attendees == {f"mailto:{pair.mentee.email}", f"mailto:{pair.mentor.email}"}
    assert "Review the talk outline" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "https://meet.example/abc"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert b"DTSTART:20250310T000000Z" in ics.invite_for(meeting)


def test_rescheduling_keeps_the_uid_and_bumps_the_sequence(pair):
    [meeting] = _schedule(pair)
    before = _parse(ics.invite_for(meeting)).walk("VEVENT")[0]
    meetings.update_meeting(
        meeting=meeting, actor=pair.mentor.user, data={"starts_at": dt.datetime(2025, 3, 11, 10, 0)}
    )
    after = _parse(ics.invite_for(meeting)).walk("VEVENT")[0]
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTART") == dt.datetime(2025, 3, 11, 1, 0, tzinfo=dt.UTC)


def test_an_edit_that_changes_nothing_does_not_bump_the_sequence(pair):
    [meeting] = _schedule(pair)
    meetings.update_meeting(meeting=meeting, actor=pair.mentor.user, data={"duration_minutes": 45})
    assert meeting.sequence == 0


def test_cancelling_sends_a_cancel_with_the_same_uid(pair, mailoutbox):
    [meeting] = _schedule(pair)
    mailoutbox.clear()
    meetings.update_meeting(meeting=meeting, actor=pair.mentee.user, data={"status": "cancelled"})
    calendar = _parse(ics.invite_for(meeting))
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == f"meeting-{meeting.pk}@tandem"
    with pytest.raises(ConflictError):
        meetings.update_meeting(meeting=meeting, actor=pair.mentee.user, data={"status": "held"})


@pytest.mark.django_db(transaction=True)
def test_the_invite_is_attached_to_the_notification_email(db, frozen, mailoutbox):
    from tests.relationships.conftest import make_pair

    pair = make_pair()
    mailoutbox.clear()
    [meeting] = _schedule(pair)
    assert {m.to[0] for m in mailoutbox} == {pair.mentor.email, pair.mentee.email}
    filename, content, mimetype = mailoutbox[0].attachments[0]
    assert filename == "invite.ics"
    assert mimetype.startswith("text/calendar")
    calendar = _parse(content if isinstance(content, bytes) else content.encode())
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"meeting-{meeting.pk}@tandem"


def test_a_series_invite_holds_one_event_per_meeting(pair):
    created = _schedule(pair, repeat_every_days=14, repeat_until=dt.date(2025, 4, 30))
    calendar = _parse(ics.calendar_bytes(created))
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert uids == [f"meeting-{m.pk}@tandem" for m in created]
    assert Meeting.objects.filter(series=created[0].series).count() == len(created) == 4


def test_the_invite_downloads_from_the_api_and_from_the_page(pair):
    [meeting] = _schedule(pair)
    response = pair.client("mentor").get(f"/api/v1/meetings/{meeting.pk}/invite.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert _parse(response.content)["METHOD"] == "REQUEST"
    pair_client = pair.client("mentee").client
    pair_client.force_login(pair.mentee.user)
    page = pair_client.get(f"/relationships/meetings/{meeting.pk}/invite.ics")
    assert page.status_code == 200
    assert "attachment" in page["Content-Disposition"]
