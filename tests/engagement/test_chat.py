"""Slack and Teams channels: the message formats, the test button, what gets posted."""

from __future__ import annotations

import pytest

from tandem.engagement import chat, summary
from tandem.engagement.models import ChatChannel, ChatPost
from tandem.relationships import goals
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_a_slack_post_is_block_kit_with_a_text_fallback_and_escaped_text():
    payload = chat.slack_payload("Milestone <reached>", "A & B", "/programs/1/")
    assert payload["text"] == "Milestone <reached> — A & B"
    section = payload["blocks"][0]["text"]
    assert section == {"type": "mrkdwn", "text": "*Milestone &lt;reached&gt;*\nA &amp; B"}
    button = payload["blocks"][1]["elements"][0]
    assert button["type"] == "button" and button["url"].endswith("/programs/1/")


def test_a_teams_post_is_an_adaptive_card_in_a_workflows_message():
    payload = chat.teams_payload("Weekly summary", "12 meetings held", "/programs/1/")
    assert payload["type"] == "message"
    [attachment] = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert [b["text"] for b in card["body"]] == ["Weekly summary", "12 meetings held"]
    assert card["actions"][0]["type"] == "Action.OpenUrl"


def test_the_test_button_posts_to_the_channel_from_the_worker(
    pair, receiver, django_capture_on_commit_callbacks
):
    client = pair.client("manager")
    created = client.post(
        f"/api/v1/programs/{pair.program.pk}/channels",
        {"kind": "teams", "url": receiver.url, "events": ["celebration"], "name": "Mentoring"},
    )
    assert created.status_code == 201
    assert receiver.url not in created.json()["url"]  # the URL is a secret: masked
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/channels/{created.json()['id']}/test")
    assert response.status_code == 202
    assert (
        receiver.requests[0].json()["attachments"][0]["content"]["body"][0]["text"]
        == chat.TEST_TEXT
    )
    posts = client.get(f"/api/v1/channels/{created.json()['id']}/posts").json()
    assert posts["items"][0]["status"] == "succeeded"


def test_a_celebration_is_posted_without_names_or_goal_titles(
    pair, receiver, django_capture_on_commit_callbacks
):
    chat.create_channel(
        actor=pair.manager.user,
        program=pair.program,
        kind="slack",
        url=receiver.url,
        events=["celebration"],
    )
    goal = goals.create_goal(
        relationship=pair.relationship,
        actor=pair.mentee.user,
        title="Secret promotion plan",
        metric="A promotion",
        plan="Work",
        relevance="Career",
        due_on=pair.program.ends_on,
    )
    with django_capture_on_commit_callbacks(execute=True):
        goals.update_goal(goal=goal, actor=pair.mentee.user, data={"status": "achieved"})
    text = receiver.requests[0].body.decode()
    assert "A mentoring pair achieved a goal" in text
    for private in ("Secret promotion", "Kenji", "Marta"):
        assert private not in text


def test_the_weekly_summary_gives_figures_only(
    pair, receiver, django_capture_on_commit_callbacks, frozen
):
    chat.create_channel(
        actor=pair.manager.user,
        program=pair.program,
        kind="slack",
        url=receiver.url,
        events=["weekly_summary"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert summary.post_weekly_summaries(frozen.at) == 1
    text = receiver.requests[0].json()["text"]
    assert "1 active relationships" in text and "meetings held" in text
    assert "Kenji" not in text


def test_an_org_admin_channel_receives_every_programs_announcements(db, receiver):
    admin = EmployeeFactory(user__is_org_admin=True)
    client = ApiClient(admin.user)
    response = client.post(
        "/api/v1/channels", {"kind": "slack", "url": receiver.url, "events": ["announcement"]}
    )
    assert response.status_code == 201
    from tests.programs.factories import ProgramFactory

    chat.post_to_channels(event="announcement", title="Now enrolling", program=ProgramFactory())
    assert ChatPost.objects.filter(channel_id=response.json()["id"]).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "discord", "url": "https://example.org/x", "events": ["celebration"]}, "kind"),
        ({"kind": "slack", "url": "https://example.org/x", "events": ["gossip"]}, "events.0"),
        ({"kind": "slack", "url": "https://example.org/x", "events": []}, "events"),
    ],
)
def test_bad_channel_input_is_a_422_naming_the_field(pair, body, field):
    response = pair.client("manager").post(f"/api/v1/programs/{pair.program.pk}/channels", body)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    "who", ["anonymous", "employee", "mentee", "manager of another program", "leader"]
)
def test_only_the_programs_managers_and_admins_manage_its_channels(pair, receiver, who):
    from tests.engagement.conftest import make_pair

    channel = chat.create_channel(
        actor=pair.manager.user,
        program=pair.program,
        kind="slack",
        url=receiver.url,
        events=["celebration"],
    )
    clients = {
        "anonymous": ApiClient(),
        "employee": ApiClient(EmployeeFactory().user),
        "mentee": pair.client("mentee"),
        "manager of another program": make_pair().client("manager"),
        "leader": ApiClient(EmployeeFactory(user__is_leader=True).user),
    }
    client = clients[who]
    listing = client.get(f"/api/v1/programs/{pair.program.pk}/channels").status_code
    assert listing in ({401} if who == "anonymous" else {403, 404})
    assert client.delete(f"/api/v1/channels/{channel.pk}").status_code in {401, 404}
    assert client.post(f"/api/v1/channels/{channel.pk}/test").status_code in {401, 404}
    assert client.get("/api/v1/channels").status_code in {401, 403}
    assert ChatChannel.objects.filter(pk=channel.pk).exists()
