"""Directory pages: search and filters (full page and htmx), a person, profiles, import."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.core.models import AuditLog
from tandem.people import views as people_views
from tandem.people.importer import ImportReport, ImportRowError
from tandem.people.models import ProfileSkill
from tests.factories import PersonFactory, ProfileFactory, SkillFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/people/"


def logged_in(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


@pytest.fixture
def employee(employee_person) -> Client:
    return logged_in(employee_person)


@pytest.fixture
def admin(admin_person) -> Client:
    return logged_in(admin_person)


@pytest.fixture
def skills(db):
    return [SkillFactory(name="SQL", category="Data"), SkillFactory(name="Negotiation")]


# ---------- directory ----------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("people:directory", []),
        ("people:my_profile", []),
        ("people:import", []),
        ("people:person", [1]),
        ("people:edit_profile", [1]),
    ],
)
def test_anonymous_visitors_are_sent_to_login_from_every_directory_page(name, args):
    response = Client().get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_directory_lists_people_with_their_department_and_manager(employee):
    boss = PersonFactory(full_name="Grace Boss", department="Finance")
    PersonFactory(full_name="Finn Report", department="Finance", manager=boss, title="Analyst")
    html = employee.get(DIRECTORY).content.decode()
    assert "Finn Report" in html
    assert "Analyst" in html
    assert f'href="{reverse("people:person", args=[boss.pk])}">Grace Boss</a>' in html
    assert '<html lang="en">' in html


def test_searching_the_directory_matches_names_titles_and_departments(employee):
    PersonFactory(full_name="Zora Query", title="Data engineer")
    PersonFactory(full_name="Other Person", title="Chef")
    html = employee.get(DIRECTORY, {"q": "data eng"}).content.decode()
    assert "Zora Query" in html
    assert "Other Person" not in html
    assert "1 match" in html
    assert 'value="data eng"' in html


def test_the_directory_filters_by_department_and_location_and_keeps_the_choice(employee):
    PersonFactory(full_name="Sales Lisbon", department="Sales", location="Lisbon")
    PersonFactory(full_name="Sales Berlin", department="Sales", location="Berlin")
    PersonFactory(full_name="Legal Lisbon", department="Legal", location="Lisbon")
    response = employee.get(DIRECTORY, {"department": "Sales", "location": "Lisbon"})
    html = response.content.decode()
    assert "Sales Lisbon" in html
    assert "Sales Berlin" not in html
    assert "Legal Lisbon" not in html
    assert '<option value="Sales" selected>' in html
    assert '<option value="Lisbon" selected>' in html


def test_an_htmx_search_returns_only_the_results_partial(employee):
    PersonFactory(full_name="Zora Query")
    response = employee.get(DIRECTORY, {"q": "zora"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html
    assert "Zora Query" in html
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(employee):
    response = employee.get(
        DIRECTORY, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_the_directory_search_form_works_with_and_without_javascript(employee):
    html = employee.get(DIRECTORY).content.decode()
    assert 'method="get" action="/people/"' in html
    assert 'hx-get="/people/"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-target="#results"' in html
    assert '<button type="submit" class="btn btn-secondary">Search</button>' in html


def test_an_empty_search_shows_an_empty_state(employee):
    html = employee.get(DIRECTORY, {"q": "nobody-has-this-name"}).content.decode()
    assert "No one matches" in html


def test_the_directory_is_paginated_and_pages_keep_the_filters(employee):
    PersonFactory.create_batch(30, department="Ops")
    html = employee.get(DIRECTORY, {"department": "Ops"}).content.decode()
    assert "30 matches" in html
    assert 'href="?department=Ops&amp;page=2"' in html


def _directory_queries(client: Client, total: int) -> int:
    bosses = PersonFactory.create_batch(3)
    PersonFactory.create_batch(total - 3, manager=bosses[0])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DIRECTORY).status_code == 200
    return len(queries)


def test_the_directory_query_count_does_not_grow_with_the_number_of_people(employee):
    few = _directory_queries(employee, 5)
    many = _directory_queries(employee, 30)
    assert many == few


# ---------- a person ----------


def test_a_person_page_shows_their_profile_and_skills_with_levels(employee, skills):
    person = PersonFactory(full_name="Priya Mentor", time_zone="Asia/Kolkata")
    profile = ProfileFactory(person=person, bio="I build data teams.", interests=["Chess"])
    ProfileSkill.objects.create(profile=profile, skill=skills[0], kind="expertise", level=4)
    ProfileSkill.objects.create(profile=profile, skill=skills[1], kind="development")
    html = employee.get(reverse("people:person", args=[person.pk])).content.decode()
    assert "I build data teams." in html
    assert "Chess" in html
    assert 'aria-label="Level 4 of 5"' in html
    assert "Negotiation" in html
    assert "Asia/Kolkata" in html
    assert "Edit profile" not in html  # not theirs


def test_a_person_page_shows_the_management_chain_peers_and_direct_reports(employee):
    ceo = PersonFactory(full_name="Cleo Chief")
    vp = PersonFactory(full_name="Victor Vice", manager=ceo)
    person = PersonFactory(full_name="Mia Middle", manager=vp)
    PersonFactory(full_name="Pat Peer", manager=vp)
    PersonFactory(full_name="Rae Report", manager=person)
    html = employee.get(reverse("people:person", args=[person.pk])).content.decode()
    chart = html[html.index('id="org-chart"') :]
    positions = [chart.index(name) for name in ("Cleo Chief", "Victor Vice", "Mia Middle")]
    assert positions == sorted(positions)  # top of the organisation first
    assert "Pat Peer" in chart
    assert "Rae Report" in chart
    assert "2 managers above · 1 peer · 1 direct report" in html


def test_a_person_without_a_profile_still_has_a_page(employee):
    person = PersonFactory(full_name="New Starter")
    response = employee.get(reverse("people:person", args=[person.pk]))
    assert response.status_code == 200
    assert "No expertise listed yet." in response.content.decode()


def test_an_unknown_person_is_a_404(employee):
    assert employee.get(reverse("people:person", args=[999999])).status_code == 404


def test_people_see_an_edit_button_on_their_own_page(employee, employee_person):
    html = employee.get(reverse("people:person", args=[employee_person.pk])).content.decode()
    assert reverse("people:my_profile") in html
    assert "Edit profile" in html


def test_only_admins_see_the_erase_link_on_someone_elses_page(admin, employee, employee_person):
    other = PersonFactory()
    erase = reverse("accounts:erase_person", args=[other.pk])
    assert erase in admin.get(reverse("people:person", args=[other.pk])).content.decode()
    assert erase not in employee.get(reverse("people:person", args=[other.pk])).content.decode()


def test_admins_get_no_erase_link_on_their_own_page(admin, admin_person):
    html = admin.get(reverse("people:person", args=[admin_person.pk])).content.decode()
    assert reverse("accounts:erase_person", args=[admin_person.pk]) not in html


# ---------- profile form ----------


def test_editing_my_profile_saves_skills_with_levels(employee, employee_person, skills):
    response = employee.post(
        reverse("people:my_profile"),
        {
            "bio": "Hello",
            "expertise": "SQL:5",
            "development_goals": "Negotiation",
            "career_goals": "Lead a team",
            "interests": "Climbing, Jazz",
            "languages": "English, Spanish",
            "meeting_format": "virtual",
            "availability_hours_per_month": "4",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person", args=[employee_person.pk])
    page = employee.get(response["Location"]).content.decode()
    assert "Profile saved." in page
    assert 'aria-label="Level 5 of 5"' in page
    assert "Climbing" in page
    assert "English, Spanish" in page


def test_the_profile_form_shows_the_current_skills_with_levels(employee, employee_person, skills):
    profile = ProfileFactory(person=employee_person)
    ProfileSkill.objects.create(profile=profile, skill=skills[0], kind="expertise", level=2)
    html = employee.get(reverse("people:my_profile")).content.decode()
    assert "SQL:2" in html
    assert re.search(r"Skills Tandem knows \(\d+\)", html)


def test_a_bad_skill_level_is_shown_as_an_error_on_the_expertise_field(employee, skills):
    response = employee.post(
        reverse("people:my_profile"),
        {"expertise": "SQL:9", "meeting_format": "either", "availability_hours_per_month": "2"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Level of “SQL” must be 1 to 5." in html
    assert 'id="id_expertise_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_level_that_is_not_a_number_is_refused_with_an_example(employee, skills):
    response = employee.post(
        reverse("people:my_profile"),
        {"expertise": "SQL:high", "meeting_format": "either", "availability_hours_per_month": "2"},
    )
    assert "write the level as a number 1–5" in response.content.decode()


def test_an_unknown_skill_is_refused_on_the_form(employee, skills):
    response = employee.post(
        reverse("people:my_profile"),
        {
            "expertise": "Juggling:3",
            "meeting_format": "either",
            "availability_hours_per_month": "2",
        },
    )
    assert "Unknown skill(s): Juggling" in response.content.decode()


def test_an_employee_cannot_edit_someone_elses_profile(employee):
    other = PersonFactory()
    assert employee.get(reverse("people:edit_profile", args=[other.pk])).status_code == 403


def test_an_admin_can_edit_someone_elses_profile_and_it_is_audited(admin, skills):
    other = PersonFactory(full_name="Someone Else")
    url = reverse("people:edit_profile", args=[other.pk])
    assert "Edit Someone Else’s profile" in admin.get(url).content.decode()
    response = admin.post(
        url, {"bio": "Set by HR", "meeting_format": "either", "availability_hours_per_month": "2"}
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="profile.update").count() == 1


def test_my_profile_without_a_directory_entry_explains_and_goes_home(db):
    from tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())
    response = client.get(reverse("people:my_profile"), follow=True)
    assert "not linked to anyone in the directory" in response.content.decode()


# ---------- import ----------


def test_an_employee_cannot_open_the_import_page(employee):
    response = employee.get(reverse("people:import"))
    assert response.status_code == 403
    assert "Only org admins can import the directory." in response.content.decode()


def test_an_admin_sees_the_upload_form_and_the_directory_size(admin):
    html = admin.get(reverse("people:import")).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file" name="file"' in html
    assert "holds 1 person today" in html


def test_an_import_with_errors_shows_counts_and_a_row_level_error_table(admin, monkeypatch):
    report = ImportReport(
        created=3,
        dry_run=False,
        errors=[ImportRowError(row=4, field="time_zone", message="“Mars” is not an IANA zone.")],
    )
    monkeypatch.setattr(people_views, "import_people", lambda **kwargs: report)
    upload = SimpleUploadedFile("people.csv", b"employee_id,email\n", content_type="text/csv")
    html = admin.post(reverse("people:import"), {"file": upload}).content.decode()
    assert "Nothing was written." in html
    assert 'id="import-errors"' in html
    assert "“Mars” is not an IANA zone." in html
    assert '<td class="num">4</td>' in html
    assert "1 error" in html


def test_a_successful_import_says_what_changed(admin, monkeypatch):
    report = ImportReport(created=2, updated=1, unchanged=5, dry_run=False)
    monkeypatch.setattr(people_views, "import_people", lambda **kwargs: report)
    upload = SimpleUploadedFile("people.xlsx", b"PK", content_type="application/octet-stream")
    html = admin.post(reverse("people:import"), {"file": upload}).content.decode()
    assert "Imported: 2 created, 1 updated, 5 unchanged." in html
    assert 'id="import-errors"' not in html


def test_a_dry_run_says_nothing_was_written(admin):
    content = b"employee_id,email,full_name\nE1,e1@example.org,Ana One\nE2,e2@example.org,Ben\n"
    upload = SimpleUploadedFile("people.csv", content, content_type="text/csv")
    html = admin.post(reverse("people:import"), {"file": upload, "dry_run": "on"}).content.decode()
    assert "Dry run · nothing written" in html
    assert "would be created" in html


def test_uploading_a_file_that_is_not_csv_or_xlsx_shows_a_form_error(admin):
    upload = SimpleUploadedFile("people.pdf", b"%PDF", content_type="application/pdf")
    html = admin.post(reverse("people:import"), {"file": upload}).content.decode()
    assert "Upload a .csv or .xlsx file." in html


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_admin_downloads_an_import_template_that_the_importer_recognises(admin, kind):
    from tandem.people.import_files import read_table
    from tandem.people.import_values import COLUMNS, map_columns

    response = admin.get(f"/people/import/template.{kind}")
    assert response.status_code == 200
    assert f"tandem-people-template.{kind}" in response["Content-Disposition"]
    page = admin.get("/people/import/").content.decode()
    assert f'href="/people/import/template.{kind}"' in page
    table = read_table(filename=f"template.{kind}", content=response.content)
    columns = map_columns(table.header)
    assert set(columns.index) == {c.key for c in COLUMNS}
    assert columns.unknown == [] and columns.shadowed == []


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_employee_cannot_download_the_import_template(employee_person, kind):
    client = Client()
    client.force_login(employee_person.user)
    assert client.get(f"/people/import/template.{kind}").status_code == 403
