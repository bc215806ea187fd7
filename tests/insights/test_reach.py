"""Reach and culture: participation against the organisation's composition, the small-group
rule on every grouping (demographic ones included), culture indicators and flows, exports,
and who may see them."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client

from tandem.insights.reach import suppressed_groups
from tandem.learning.models import Moment
from tandem.people.models import PersonDemographics
from tandem.programs.models import Participant
from tandem.relationships.models import Relationship, RelationshipMember
from tests.conftest import ApiClient
from tests.factories import PASSWORD, EmployeeFactory, PersonFactory
from tests.relationships.factories import ParticipantFactory, ProgramFactory

# department: (employees, participants, job level)
ORG = {"Engineering": (20, 10, 4), "Sales": (12, 6, 2), "Operations": (8, 5, 3), "Legal": (3, 1, 5)}


def test_a_group_under_the_threshold_hides_the_next_smallest_too():
    employees = {"a": 20, "b": 12, "c": 8, "d": 3}
    participants = {"a": 10, "b": 6, "c": 5, "d": 1}
    assert suppressed_groups(employees, participants) == {"c", "d"}


def test_a_group_with_few_participants_is_hidden_even_when_it_has_many_employees():
    employees = {"a": 50, "b": 40, "c": 30}
    participants = {"a": 20, "b": 2, "c": 10}
    hidden = suppressed_groups(employees, participants)
    assert "b" in hidden and len(hidden) >= 2
    assert sum(participants[h] for h in hidden) >= 5


def test_no_group_is_hidden_when_every_group_is_large():
    assert suppressed_groups({"a": 10, "b": 9}, {"a": 5, "b": 0}) == set()


@pytest.fixture
def org(db):
    program = ProgramFactory(name="Spring cohort")
    manager = EmployeeFactory(full_name="Mia Manager", department="Engineering")
    program.managers.add(manager)
    people: dict[str, list] = {}
    for dept, (n, taking, level) in ORG.items():
        people[dept] = [PersonFactory(department=dept, job_level=level) for _ in range(n)]
        for i, person in enumerate(people[dept][:taking]):
            role = "mentor" if dept == "Engineering" and i < 6 else "mentee"
            ParticipantFactory(program=program, person=person, role=role)
    ParticipantFactory(program=program, person=people["Sales"][-1], status="applied")
    # self-declared: 14 women and 16 men in the first 30 people, 2 non-binary, rest undeclared
    everyone = [p for dept in ORG for p in people[dept]]
    for i, person in enumerate(everyone[:32]):
        gender = "non_binary" if i >= 30 else ("woman" if i % 2 == 0 and i < 28 else "man")
        PersonDemographics.objects.create(person=person, gender=gender)
    parts = {p.person_id: p for p in Participant.objects.filter(program=program)}

    def pair(mentor, mentee):
        rel = Relationship.objects.create(program=program, status="active")
        RelationshipMember.objects.create(
            relationship=rel, participant=parts[mentor.pk], role="mentor"
        )
        RelationshipMember.objects.create(
            relationship=rel, participant=parts[mentee.pk], role="mentee"
        )

    eng_mentors = people["Engineering"][:6]
    for mentor, mentee in zip(eng_mentors, people["Sales"][:6], strict=True):
        pair(mentor, mentee)  # 6 Engineering → Sales, mentor level 4 above mentee level 2
    for mentor, mentee in zip(eng_mentors[:5], people["Operations"][:5], strict=True):
        pair(mentor, mentee)  # 5 Engineering → Operations (4 above 3)
    pair(eng_mentors[5], people["Legal"][0])  # 1 Engineering → Legal: mentor junior (4 < 5)
    for i in range(3):
        Moment.objects.create(
            giver=people["Engineering"][i],
            receiver=people["Sales"][i],
            logged_by=people["Engineering"][i],
            happened_on="2025-03-01",
            status="confirmed",
        )
    Moment.objects.create(
        giver=people["Sales"][0],
        receiver=people["Engineering"][0],
        logged_by=people["Sales"][0],
        happened_on="2025-03-02",
        status="pending",
    )
    return {"program": program, "manager": manager, "people": people}


def _groups(body):
    return {g["label"]: g for g in body["groups"]}


def test_reach_by_department_compares_participants_with_the_organisation(org):
    api = ApiClient(org["manager"].user)
    body = api.get(f"/api/v1/insights/reach?program_id={org['program'].pk}").json()
    # 43 in ORG and the manager (Engineering); 22 approved participants.
    assert (body["employees"], body["participants"]) == (44, 22)
    groups = _groups(body)
    eng = groups["Engineering"]
    assert (eng["employees"], eng["participants"]) == (21, 10)
    assert eng["participation_rate"] == pytest.approx(10 / 21)
    assert eng["share_of_participants"] == pytest.approx(10 / 22)
    assert eng["share_of_org"] == pytest.approx(21 / 44)
    assert eng["reach_ratio"] == pytest.approx((10 / 22) / (21 / 44))
    assert groups["Sales"]["participants"] == 6  # the applicant is not taking part
    # Legal (3 people) is hidden, and Operations with it so neither follows by subtraction.
    assert groups["Legal"]["suppressed"] and groups["Legal"]["employees"] is None
    assert groups["Operations"]["suppressed"] and groups["Operations"]["participants"] is None
    assert body["suppressed"] == 2


def test_reach_by_level_and_location_use_the_same_shape(org):
    api = ApiClient(org["manager"].user)
    level = _groups(api.get("/api/v1/insights/reach?by=level").json())
    assert level["Level 4"]["participants"] == 10
    location = api.get("/api/v1/insights/reach?by=location").json()
    assert [g["label"] for g in location["groups"]] == ["London"]


def test_reach_by_a_self_declared_demographic_hides_small_groups(org):
    api = ApiClient(org["manager"].user)
    body = api.get("/api/v1/insights/reach?by=demographic&field=gender").json()
    groups = _groups(body)
    assert set(groups) == {"Woman", "Man", "Non-binary", "Not declared"}
    assert groups["Woman"]["employees"] == 14 and not groups["Woman"]["suppressed"]
    assert groups["Non-binary"]["suppressed"] and groups["Non-binary"]["employees"] is None
    hidden = [g for g in body["groups"] if g["suppressed"]]
    assert len(hidden) >= 2
    assert body["groups"][-1]["label"] == "Not declared"


def test_filters_narrow_the_people_compared(org):
    api = ApiClient(org["manager"].user)
    body = api.get("/api/v1/insights/reach?department=Sales").json()
    assert (body["employees"], body["participants"]) == (12, 6)
    tiny = api.get("/api/v1/insights/reach?department=Legal").json()
    assert tiny["employees"] is None and all(g["suppressed"] for g in tiny["groups"])


def test_culture_indicators_count_crossings_reverse_mentoring_and_mentors(org):
    body = ApiClient(org["manager"].user).get("/api/v1/insights/culture").json()
    assert body["relationships"] == 12
    assert body["across_departments"]["events"] == 12
    assert body["across_levels"]["events"] == 12
    assert (body["reverse_mentoring"]["events"], body["reverse_mentoring"]["n"]) == (1, 12)
    assert body["mentors"] == 6 and body["employees"] == 44
    assert body["mentors_per_100_employees"] == pytest.approx(round(600 / 44, 2))
    assert body["moments"]["total"] == 3  # the pending moment does not count
    sales = next(r for r in body["moments"]["departments"] if r["department"] == "Sales")
    assert (sales["given"], sales["received"]) == (0, 3)
    assert all(r["department"] != "Legal" for r in body["moments"]["departments"])


def test_flows_under_the_threshold_are_hidden_with_the_next_smallest(org):
    body = ApiClient(org["manager"].user).get("/api/v1/insights/culture").json()
    assert body["flows"] == [
        {"mentor_department": "Engineering", "mentee_department": "Sales", "relationships": 6}
    ]
    assert body["hidden_flows"] == 2


def test_reach_and_culture_tables_download_as_csv_and_xlsx(org):
    api = ApiClient(org["manager"].user)
    r = api.get("/api/v1/insights/reach?format=csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0][:3] == ["Department", "employees", "participants"]
    assert ["Legal", *["hidden (small group)"] * 6] in rows
    r = api.get("/api/v1/insights/culture?format=xlsx&table=flows")
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert sheet.cell(2, 1).value == "Engineering" and sheet.cell(2, 3).value == 6


def test_leaders_and_admins_see_every_program(org, api_leader, api_admin):
    for api in (api_leader, api_admin):
        url = f"/api/v1/insights/reach?program_id={org['program'].pk}"
        assert api.get(url).json()["participants"] == 22
        assert api.get("/api/v1/insights/culture").json()["relationships"] == 12


@pytest.mark.parametrize("path", ["reach", "culture"])
@pytest.mark.parametrize("who", ["mentee", "mentor", "employee", "anonymous", "other manager"])
def test_who_may_not_see_reach_or_culture(org, who, path):
    person = EmployeeFactory()
    if who in {"mentee", "mentor"}:
        ParticipantFactory(program=org["program"], person=person, role=who)
    if who == "other manager":
        ProgramFactory().managers.add(person)
    api = ApiClient() if who == "anonymous" else ApiClient(person.user)
    r = api.get(f"/api/v1/insights/{path}?program_id={org['program'].pk}")
    assert r.status_code in {401, 403, 404}
    if who != "other manager":
        assert api.get(f"/api/v1/insights/{path}").status_code in {401, 403}


def test_the_page_shows_reach_culture_and_flows_with_tables(org):
    client = Client()
    client.login(email=org["manager"].email, password=PASSWORD)
    html = client.get("/insights/reach/?by=gender").content.decode()
    assert "Reach by gender (self-declared)" in html
    assert 'data-chart="reach"' in html and 'data-sankey="flows"' in html
    assert "Hidden: small group" in html
    assert "Mentors per 100 employees" in html
    r = client.get("/insights/reach/?table=flows&format=csv")
    assert r["Content-Type"].startswith("text/csv") and b"Engineering,Sales,6" in r.content


@pytest.mark.parametrize("who", ["participant", "employee"])
def test_participants_and_employees_may_not_open_the_page(org, who):
    person = EmployeeFactory()
    if who == "participant":
        ParticipantFactory(program=org["program"], person=person, role="mentee")
    client = Client()
    client.login(email=person.email, password=PASSWORD)
    assert client.get("/insights/reach/").status_code == 403
    assert Client().get("/insights/reach/").status_code == 302


def test_another_manager_cannot_pick_a_program_that_is_not_theirs(org):
    other = EmployeeFactory()
    ProgramFactory(name="Their own").managers.add(other)
    client = Client()
    client.login(email=other.email, password=PASSWORD)
    html = client.get(f"/insights/reach/?program={org['program'].pk}").content.decode()
    assert "Spring cohort" not in html
