"""The resource library: curating (who may), search and filters, use counts, this week."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tandem.core.errors import DomainError, NotAllowed
from tandem.learning import library, library_selectors
from tandem.learning.models import Resource
from tandem.people.models import Skill
from tests.matchmaking.conftest import add_profile
from tests.programs.factories import ProgramFactory
from tests.relationships.conftest import frozen, make_pair  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db
URL = "/api/v1/resources"


def _payload(**kw):
    return {"title": "Saying no kindly", "kind": "guide", "body_markdown": "Say *why*.", **kw}


def test_thirty_resources_are_shipped_with_books_by_title_and_author():
    shipped = Resource.objects.exclude(key="")
    assert shipped.count() == 30
    assert {r.kind for r in shipped} == set(Resource.Kind.values)
    assert all(r.author for r in shipped.filter(kind="book"))


def test_an_admin_adds_a_resource_with_tags_skills_programs_and_weeks(api_admin):
    program = ProgramFactory()
    skill = Skill.objects.get(name="Negotiation")
    response = api_admin.post(
        URL,
        _payload(
            tags=["Boundaries", " saying no"],
            skill_ids=[skill.pk],
            program_ids=[program.pk],
            weeks=[3, 2],
        ),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["tags"] == ["boundaries", "saying no"] and body["weeks"] == [2, 3]
    assert body["skills"] == ["Negotiation"] and body["program_ids"] == [program.pk]


@pytest.mark.parametrize("client", ["api_employee", "api_leader"])
def test_employees_and_leaders_cannot_curate(client, request):
    assert request.getfixturevalue(client).post(URL, _payload()).status_code == 403
    resource = Resource.objects.first()
    api = request.getfixturevalue(client)
    assert api.patch(f"{URL}/{resource.pk}", {"title": "x"}).status_code == 403
    assert api.delete(f"{URL}/{resource.pk}").status_code == 403


def test_anonymous_callers_are_refused(api_anonymous):
    assert api_anonymous.get(URL).status_code == 401
    assert api_anonymous.post(URL, _payload()).status_code == 401


def test_a_program_manager_curates_for_their_programs_only(employee_person):
    mine, other = ProgramFactory(managers=[employee_person]), ProgramFactory()
    user = employee_person.user
    resource = library.create_resource(actor=user, data=_payload(program_ids=[mine.pk]))
    assert list(resource.programs.all()) == [mine]
    with pytest.raises(NotAllowed):
        library.create_resource(actor=user, data=_payload(program_ids=[other.pk]))
    shipped = Resource.objects.exclude(key="").first()
    with pytest.raises(NotAllowed):
        library.update_resource(actor=user, resource=shipped, data={"title": "Mine now"})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"body_markdown": ""}, "url"),
        ({"weeks": [0]}, "weeks"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"skill_ids": [999999]}, "skill_ids"),
        ({"url": "javascript:alert(1)"}, "url"),
    ],
)
def test_bad_resources_are_refused_naming_the_field(admin_person, data, field):
    with pytest.raises(DomainError) as exc:
        library.create_resource(actor=admin_person.user, data=_payload(**data))
    assert field in (exc.value.field or "") or field in {e.field for e in exc.value.errors}


def test_markdown_is_sanitised_in_the_api(api_admin):
    body = api_admin.post(URL, _payload(body_markdown="Hi <script>steal()</script>")).json()
    assert "<script" not in body["body_html"] and "steal" not in body["body_html"]


def test_search_and_filters(api_employee):
    listen = api_employee.get(URL, {"q": "listen"}).json()
    assert "5 ways to listen better" in {r["title"] for r in listen}
    books = api_employee.get(URL, {"kind": "book", "tag": "feedback"}).json()
    assert {r["title"] for r in books} == {"Radical Candor", "Thanks for the Feedback"}
    skill = Skill.objects.get(name="Growth Mindset")
    assert "Mindset: The New Psychology of Success" in {
        r["title"] for r in api_employee.get(URL, {"skill": skill.pk}).json()
    }
    week_one = {r["title"] for r in api_employee.get(URL, {"week": 1}).json()}
    assert "Your first mentoring meeting" in week_one
    assert "Feedback with situation, behaviour, impact" not in week_one


def test_a_programs_resources_are_listed_for_it_and_not_for_others(admin_person, api_employee):
    mine, other = ProgramFactory(), ProgramFactory()
    library.create_resource(actor=admin_person.user, data=_payload(program_ids=[mine.pk]))
    assert "Saying no kindly" in {
        r["title"] for r in api_employee.get(URL, {"program_id": mine.pk}).json()
    }
    assert "Saying no kindly" not in {
        r["title"] for r in api_employee.get(URL, {"program_id": other.pk}).json()
    }


def test_opening_a_resource_counts_a_use(api_employee, employee_person):
    resource = Resource.objects.get(key="book-mindset")
    api_employee.get(f"{URL}/{resource.pk}")
    client = Client()
    client.force_login(employee_person.user)
    client.get(reverse("learning:resource", args=[resource.pk]))
    resource.refresh_from_db()
    assert resource.uses == 2


def test_the_relationship_home_shows_resources_for_this_week_and_the_mentees_skills(frozen):  # noqa: F811
    pair = make_pair()
    add_profile(pair.mentee, develop=["Growth Mindset"])
    suggestions = library_selectors.for_this_week(pair.relationship, 1)
    titles = [s.resource.title for s in suggestions]
    assert "Your first mentoring meeting" in titles
    assert "Mindset: The New Psychology of Success" in titles
    client = Client()
    client.force_login(pair.mentee.user)
    page = client.get(reverse("relationships:detail", args=[pair.relationship.pk])).content.decode()
    assert 'id="for-this-week"' in page and "Your first mentoring meeting" in page


def test_library_pages_refuse_employees_the_curation_forms(employee_person):
    client = Client()
    client.force_login(employee_person.user)
    assert client.get(reverse("learning:library")).status_code == 200
    assert client.get(reverse("learning:resource_new")).status_code == 403
    resource = Resource.objects.first()
    assert client.get(reverse("learning:resource_edit", args=[resource.pk])).status_code == 403
    assert client.post(reverse("learning:resource_delete", args=[resource.pk])).status_code == 302
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_the_library_page_filters_by_week(employee_person):
    client = Client()
    client.force_login(employee_person.user)
    page = client.get(reverse("learning:library"), {"week": 1}).content.decode()
    assert "Your first mentoring meeting" in page and "Radical Candor" not in page
