"""The admins' and managers' integration pages: who may open them, and that they work."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.engagement import chat, webhooks
from tandem.engagement.models import ChatChannel, WebhookDelivery, WebhookEndpoint
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _client(person=None):
    client = Client()
    if person is not None:
        client.force_login(person.user)
    return client


@pytest.fixture
def admin(db):
    return EmployeeFactory(user__is_org_admin=True)


def test_an_admin_adds_an_endpoint_sees_the_secret_once_and_redelivers_from_the_log(
    admin, receiver, django_capture_on_commit_callbacks
):
    client = _client(admin)
    page = client.post("/engagement/webhooks/", {"url": receiver.url, "events": ["meeting.held"]})
    assert page.status_code == 200 and b"shown once" in page.content
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.encode() in page.content
    assert (
        endpoint.secret.encode() not in client.get(f"/engagement/webhooks/{endpoint.pk}/").content
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/engagement/webhooks/{endpoint.pk}/action/", {"action": "test"})
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "succeeded"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/engagement/deliveries/{delivery.pk}/redeliver/")
    assert len(receiver.requests) == 2
    client.post(f"/engagement/webhooks/{endpoint.pk}/action/", {"action": "disable"})
    endpoint.refresh_from_db()
    assert not endpoint.enabled


@pytest.mark.parametrize("who", ["employee", "leader", "program manager"])
def test_webhook_and_organisation_channel_pages_are_for_org_admins_only(who, admin, pair, receiver):
    endpoint = webhooks.create_endpoint(actor=admin.user, url=receiver.url, events=["meeting.held"])
    people = {
        "employee": EmployeeFactory(),
        "leader": EmployeeFactory(user__is_leader=True),
        "program manager": pair.manager,
    }
    client = _client(people[who])
    assert client.get("/engagement/webhooks/").status_code == 403
    assert client.get(f"/engagement/webhooks/{endpoint.pk}/").status_code == 403
    assert (
        client.post(f"/engagement/webhooks/{endpoint.pk}/action/", {"action": "delete"}).status_code
        == 403
    )
    assert client.get("/engagement/channels/").status_code == 403
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    assert _client().get("/engagement/webhooks/").status_code == 302


def test_a_manager_adds_tests_and_removes_a_program_channel(
    pair, receiver, django_capture_on_commit_callbacks
):
    client = _client(pair.manager)
    url = f"/engagement/programs/{pair.program.pk}/channels/"
    response = client.post(url, {"kind": "slack", "url": receiver.url, "events": ["celebration"]})
    assert response.status_code == 302
    channel = ChatChannel.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/engagement/channels/{channel.pk}/test/")
    assert receiver.requests
    assert "Delivered" in client.get(url).content.decode()
    client.post(f"/engagement/channels/{channel.pk}/delete/")
    assert not ChatChannel.objects.exists()


def test_another_programs_manager_cannot_touch_a_channel(pair, receiver):
    from tests.engagement.conftest import make_pair

    channel = chat.create_channel(
        actor=pair.manager.user,
        program=pair.program,
        kind="slack",
        url=receiver.url,
        events=["celebration"],
    )
    client = _client(make_pair().manager)
    assert client.post(f"/engagement/channels/{channel.pk}/delete/").status_code == 404
    assert client.post(f"/engagement/channels/{channel.pk}/test/").status_code == 404
    assert ChatChannel.objects.filter(pk=channel.pk).exists()
