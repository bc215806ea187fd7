"""The nudge registry as a mechanism: another app's rule, per-program settings through the
API, and ``tandem nudges`` to preview or send."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from tandem.engagement import kinds
from tandem.engagement.models import NudgeSetting
from tandem.engagement.nudging import registry
from tandem.engagement.nudging.engine import evaluate
from tandem.engagement.nudging.registry import Due, NudgeRule, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_rule():
    @register
    class SurveyDue(NudgeRule):
        key = "test_survey_due"
        label = "Survey due"
        description = "A survey closes soon."
        default_days = 3
        days_label = "days before the survey closes"

        def due(self, run):
            for program_id, days in run.enabled(self).items():
                for participant in run.programs[program_id].participants.select_related("person"):
                    yield Due(
                        subject_type="programs.participant",
                        subject_id=participant.pk,
                        occurrence=f"closes:{run.as_of + dt.timedelta(days=days)}",
                        program_id=program_id,
                        recipients=[participant.person],
                        title="The closure survey is waiting for you",
                    )

    yield SurveyDue
    registry.unregister("test_survey_due")


def test_another_apps_rule_plugs_in_with_its_own_message_kind(pair, survey_rule, frozen):
    assert "test_survey_due" in registry.rule_keys()
    assert kinds.kind_for("nudge.test_survey_due").label == "Reminder: survey due"
    report = evaluate(now=frozen.at, only=["test_survey_due"])
    assert report.sent["test_survey_due"] == 2
    assert evaluate(now=frozen.at, only=["test_survey_due"]).sent["test_survey_due"] == 0
    rules = pair.client("manager").get(f"/api/v1/programs/{pair.program.pk}/nudge-rules").json()
    assert "test_survey_due" in {r["rule"] for r in rules}


def test_a_manager_reads_and_changes_the_programs_rules(pair):
    client = pair.client("manager")
    url = f"/api/v1/programs/{pair.program.pk}/nudge-rules"
    rules = {r["rule"]: r for r in client.get(url).json()}
    assert rules["no_meeting"]["days"] == 7 and rules["no_meeting"]["enabled"]
    assert rules["inactivity_closure"]["enabled"] is False
    assert rules["request_expired"]["configurable"] is False
    changed = client.put(
        url,
        [
            {"rule": "no_meeting", "enabled": True, "days": 3},
            {"rule": "inactivity_closure", "enabled": True, "days": 90},
            {"rule": "intervention_follow_up", "enabled": False, "days": 5},
        ],
    )
    assert changed.status_code == 200
    after = {r["rule"]: r for r in changed.json()}
    assert after["no_meeting"]["days"] == 3 and after["inactivity_closure"]["enabled"]
    assert after["intervention_follow_up"]["days"] is None  # no day setting: ignored
    from tandem.core.models import AuditLog

    assert AuditLog.objects.filter(action="program.nudge_rules").count() == 1


@pytest.mark.parametrize(
    "body",
    [
        [{"rule": "no_such_rule", "enabled": True}],
        [{"rule": "no_meeting", "enabled": True, "days": -1}],
        [{"rule": "no_meeting", "enabled": True, "days": 0}],
        [{"rule": "request_expired", "enabled": False}],
        [{"rule": "no_meeting"}],
        {"rule": "no_meeting", "enabled": True},
    ],
)
def test_bad_rule_settings_are_a_422(pair, body):
    response = pair.client("manager").put(f"/api/v1/programs/{pair.program.pk}/nudge-rules", body)
    assert response.status_code == 422, response.content
    assert response.json()["errors"]
    assert not NudgeSetting.objects.exists()


def test_the_settings_page_saves_rules_and_thresholds_and_names_bad_days(pair, client):
    client.force_login(pair.manager.user)
    url = f"/engagement/programs/{pair.program.pk}/nudges/"
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "no_meeting-enabled": "on",
            "no_meeting-days": "-3",
            "watch_below": 70,
            "at_risk_below": 40,
        },
    )
    assert bad.status_code == 200 and "Days are a whole number" in bad.content.decode()
    good = client.post(url, {"no_meeting-days": "10", "watch_below": 60, "at_risk_below": 30})
    assert good.status_code == 302
    setting = NudgeSetting.objects.get(rule="no_meeting")
    assert (setting.enabled, setting.days) == (False, 10)
    assert pair.program.engagement.watch_below == 60


def test_the_command_previews_counts_per_rule_then_sends_once(pair):
    out = io.StringIO()
    call_command("nudges", "--as-of", "2025-04-01", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Nudges as of 2025-04-01 (dry run)" in text
    line = next(line for line in text.splitlines() if line.strip().startswith("no_meeting"))
    assert line.split()[1:3] == ["1", "1"]
    assert not pair.mentee.notifications.filter(kind="nudge.no_meeting").exists()
    call_command("nudges", "--as-of", "2025-04-01", stdout=io.StringIO())
    call_command("nudges", "--as-of", "2025-04-01", stdout=io.StringIO())
    assert pair.mentee.notifications.filter(kind="nudge.no_meeting").count() == 1


def test_the_command_names_a_bad_date_or_rule():
    with pytest.raises(CommandError, match="--as-of must be a date"):
        call_command("nudges", "--as-of", "next tuesday")
    with pytest.raises(CommandError, match="Unknown rule"):
        call_command("nudges", "--rule", "gossip")
