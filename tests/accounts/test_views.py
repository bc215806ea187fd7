"""Account pages: login with demo logins, passwords, API tokens, roles, audit log."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import ApiToken
from tandem.accounts.services import CANNOT_DEMOTE_SELF, set_user_roles
from tandem.core.models import AuditLog
from tests.factories import PASSWORD, EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def employee(employee_person) -> Client:
    return logged_in(employee_person.user)


@pytest.fixture
def admin(admin_person) -> Client:
    return logged_in(admin_person.user)


@pytest.fixture
def demo_admin(db):
    return UserFactory(email="admin@demo.tandem.test", is_org_admin=True)


# ---------- login ----------


def test_the_login_page_signs_people_in_with_email_and_password(employee_person):
    client = Client()
    response = client.post(
        LOGIN, {"username": employee_person.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Welcome, Eve Employee" in response.content.decode()


def test_a_wrong_password_shows_an_error_on_the_login_form(employee_person):
    response = Client().post(LOGIN, {"username": employee_person.email, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct email address and password." in response.content.decode()


def test_the_login_page_shows_the_demo_logins_in_demo_mode_when_demo_users_exist(
    settings, demo_admin
):
    settings.DEMO_MODE = True
    html = Client().get(LOGIN).content.decode()
    assert 'id="demo-logins"' in html
    assert "mentee@demo.tandem.test" in html
    assert "tandem-demo" in html


def test_the_login_page_hides_the_demo_logins_outside_demo_mode(settings, demo_admin):
    settings.DEMO_MODE = False
    html = Client().get(LOGIN).content.decode()
    assert "demo-logins" not in html
    assert "tandem-demo" not in html


def test_the_login_page_hides_the_demo_logins_when_no_demo_users_exist(settings, db):
    settings.DEMO_MODE = True
    html = Client().get(LOGIN).content.decode()
    assert "demo-logins" not in html


def test_a_demo_login_button_signs_in_as_that_demo_user(settings, db):
    settings.DEMO_MODE = True
    user = UserFactory(email="admin@demo.tandem.test", is_org_admin=True)
    user.set_password(settings.TANDEM_DEMO_PASSWORD)
    user.save()
    html = Client().get(LOGIN).content.decode()
    form = re.search(
        r'<form method="post" action="/accounts/login/" class="form-inline">(.*?)</form>',
        html,
        flags=re.DOTALL,
    )
    assert form is not None
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(1)))
    client = Client()
    response = client.post(LOGIN, {"username": fields["username"], "password": fields["password"]})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_signed_in_user_visiting_login_is_sent_home(employee):
    assert employee.get(LOGIN)["Location"] == "/"


# ---------- passwords ----------


def test_a_password_reset_sends_an_email_with_a_working_link(employee_person):
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": employee_person.email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your Tandem password"
    assert message.to == [employee_person.email]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body)
    assert link is not None
    page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"},
        follow=True,
    )
    assert "Your password is set" in done.content.decode()
    assert Client().login(username=employee_person.email, password="a-brand-new-secret-42")


def test_a_password_reset_for_an_unknown_email_sends_nothing_but_says_the_same(db):
    response = Client().post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
    )
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_a_used_or_wrong_reset_link_explains_itself(db):
    html = Client().get("/accounts/password/reset/MQ/bad-token/").content.decode()
    assert "This link no longer works" in html


def test_changing_my_password_needs_the_old_one(employee, employee_person):
    url = reverse("accounts:password_change")
    bad = employee.post(
        url,
        {
            "old_password": "wrong",
            "new_password1": "x-new-pass-77",
            "new_password2": "x-new-pass-77",
        },
    )
    assert "Your old password was entered incorrectly" in bad.content.decode()
    good = employee.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "x-new-pass-77",
            "new_password2": "x-new-pass-77",
        },
        follow=True,
    )
    assert "Password changed" in good.content.decode()


# ---------- API tokens ----------


def test_creating_a_token_shows_it_once(employee, employee_person):
    response = employee.post(reverse("accounts:tokens"), {"name": "HRIS sync"})
    html = response.content.decode()
    token = re.search(r'<code id="new-token">(tdm_[^<]+)</code>', html)
    assert token is not None
    assert "HRIS sync" in html
    again = employee.get(reverse("accounts:tokens")).content.decode()
    assert token.group(1) not in again
    assert "HRIS sync" in again


def test_a_token_without_a_name_is_refused_with_a_message(employee):
    html = employee.post(reverse("accounts:tokens"), {"name": "  "}).content.decode()
    assert "Give the token a name" in html
    assert 'id="new-token"' not in html


def test_revoking_a_token_removes_it(employee, employee_person):
    employee.post(reverse("accounts:tokens"), {"name": "old"})
    token = ApiToken.objects.get(user=employee_person.user, kind="personal")
    response = employee.post(reverse("accounts:tokens"), {"revoke": token.pk}, follow=True)
    assert "Token revoked." in response.content.decode()
    assert not ApiToken.objects.filter(pk=token.pk).exists()


# ---------- roles ----------


@pytest.mark.parametrize("name", ["accounts:roles", "accounts:audit", "people:import"])
def test_an_employee_is_refused_admin_pages_with_a_403_page(employee, name):
    response = employee.get(reverse(name))
    assert response.status_code == 403
    assert "You can’t open this page" in response.content.decode()


@pytest.mark.parametrize("name", ["accounts:roles", "accounts:audit", "accounts:tokens"])
def test_anonymous_visitors_are_sent_to_login_from_account_pages(db, name):
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_an_employee_cannot_change_roles_by_posting(employee, employee_person):
    response = employee.post(
        reverse("accounts:roles"), {"user_id": employee_person.user.pk, "is_org_admin": "on"}
    )
    assert response.status_code == 403
    employee_person.user.refresh_from_db()
    assert not employee_person.user.is_org_admin


def test_the_roles_page_lists_logins_with_their_roles(admin, employee_person, admin_person):
    html = admin.get(reverse("accounts:roles")).content.decode()
    assert employee_person.user.email in html
    assert f'form="roles-{admin_person.user.pk}" checked' in html


def test_an_admin_can_make_someone_a_leader(admin, employee_person):
    response = admin.post(
        reverse("accounts:roles"),
        {"user_id": employee_person.user.pk, "is_leader": "on"},
        follow=True,
    )
    employee_person.user.refresh_from_db()
    assert employee_person.user.is_leader
    assert f"Roles of {employee_person.user.email} saved." in response.content.decode()


def test_the_last_admin_cannot_remove_their_own_admin_role(admin, admin_person):
    response = admin.post(reverse("accounts:roles"), {"user_id": admin_person.user.pk}, follow=True)
    assert CANNOT_DEMOTE_SELF in response.content.decode()
    admin_person.user.refresh_from_db()
    assert admin_person.user.is_org_admin


def test_the_roles_page_searches_by_email(admin, employee_person):
    EmployeeFactory(email="findme@example.org")
    html = admin.get(reverse("accounts:roles"), {"q": "findme"}).content.decode()
    table = html[html.index('id="roles-table"') :]
    assert "findme@example.org" in table
    assert employee_person.email not in table


# ---------- audit log ----------


def test_the_audit_log_shows_who_did_what_with_before_and_after(
    admin, admin_person, employee_person
):
    set_user_roles(
        actor=admin_person.user, user=employee_person.user, is_org_admin=False, is_leader=True
    )
    html = admin.get(reverse("accounts:audit")).content.decode()
    assert admin_person.user.email in html
    assert "user.roles" in html
    assert "User roles changed" in html
    assert (
        '<td class="diff-field">Is leader</td>' in html
        or '<td class="diff-field">Leader</td>' in html
    )
    assert '<del aria-label="was">No</del>' in html
    assert '<ins aria-label="now">Yes</ins>' in html


def test_the_audit_log_names_the_object_with_a_link_and_labels_the_fields(admin, admin_person):
    from tandem.programs.services import create_program

    program = create_program(
        actor=admin_person.user, data={"name": "Grow Together", "type": "one_on_one"}
    )
    html = admin.get(reverse("accounts:audit")).content.decode()
    assert "Program created" in html
    assert f'<a href="/programs/{program.pk}/">Grow Together</a>' in html
    assert "programs.Program#" not in html
    assert "fields set" not in html
    assert "Set: Name," in html


def test_the_audit_log_can_be_filtered_by_action(admin, admin_person):
    AuditLog.objects.create(actor_email="a@x.org", action="person.create", target_type="p")
    AuditLog.objects.create(actor_email="a@x.org", action="token.create", target_type="t")
    html = admin.get(reverse("accounts:audit"), {"action": "token"}).content.decode()
    assert "token.create" in html
    assert "person.create" not in html


def test_an_empty_audit_log_says_so(admin):
    html = admin.get(reverse("accounts:audit"), {"actor": "nobody"}).content.decode()
    assert "Nothing matches these filters." in html
