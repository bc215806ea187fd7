"""Re-measure issue 15 part A against a fresh temporary SQLite database, printing tables:

* the data-export matrix — who may export the subject, and which sections and secrets each
  caller receives (15.1);
* the recognition feed — who reads goal and milestone titles (15.2);
* sign-in throttling — N wrong passwords in a row, then the right one: statuses and
  Retry-After, on the API and the login page, for known and unknown emails, and after an
  admin unlock (15.3);
* bearer tokens after a password change (15.6); bad input to the API (15.8, 14.9).

    .venv/bin/python benchmarks/hardening.py [--attempts 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup(data_dir: Path) -> None:
    os.environ["TANDEM_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tandem.config.test_settings"
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    print(f"\n{title}")
    print("  " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=False)))
    print("  " + "-+-".join("-" * w for w in widths))
    for row in rows:
        print("  " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=False)))


def _runs(statuses: list[int]) -> str:
    """[401, 401, 429] → "1–2: 401, 3: 429"."""
    parts, start = [], 0
    for i in range(1, len(statuses) + 1):
        if i == len(statuses) or statuses[i] != statuses[start]:
            span = f"{start + 1}" if i - start == 1 else f"{start + 1}–{i}"
            parts.append(f"{span}: {statuses[start]}")
            start = i
    return ", ".join(parts)


def _subject(pair: Any) -> dict[str, str]:
    from tandem.core import clock
    from tandem.engagement.models import Notification
    from tandem.people.models import PersonDemographics
    from tandem.relationships import goals, notes
    from tandem.relationships.models import RelationshipMember

    user = pair.mentee.user
    secrets = {
        "private note": "SECRET-private-note",
        "shared note": "SECRET-shared-note",
        "goal comment": "SECRET-goal-comment",
        "agreement notes": "SECRET-agreement",
        "notification": "SECRET-notification",
        "demographics": "SECRET-gender",
    }
    notes.add_note(relationship=pair.relationship, actor=user, body=secrets["shared note"])
    notes.add_note(
        relationship=pair.relationship,
        actor=user,
        body=secrets["private note"],
        visibility="private",
    )
    goal = goals.create_goal(
        relationship=pair.relationship,
        actor=user,
        title="GOAL-TITLE Present at the all-hands",
        metric="Talk given",
        plan="Draft and rehearse",
        relevance="My next role presents",
        due_on=clock.today() + dt.timedelta(days=60),
    )
    goals.add_goal_comment(goal=goal, actor=user, body=secrets["goal comment"])
    milestone = goals.add_milestone(goal=goal, actor=user, title="MILESTONE-TITLE Rehearse")
    goals.update_milestone(milestone=milestone, actor=user, completed=True)
    goals.update_goal(goal=goal, actor=user, data={"status": "achieved"})
    RelationshipMember.objects.filter(participant=pair.mentee_participant).update(
        agreement_notes=secrets["agreement notes"]
    )
    Notification.objects.create(recipient=pair.mentee, kind="x", title=secrets["notification"])
    PersonDemographics.objects.create(person=pair.mentee, gender=secrets["demographics"])
    return secrets


def export_matrix(pair: Any, callers: dict[str, Any]) -> None:
    from tests.conftest import ApiClient

    secrets = _subject(pair)
    rows = []
    for who, user in callers.items():
        response = ApiClient(user).get(f"/api/v1/people/{pair.mentee.pk}/export")
        if response.status_code != 200:
            rows.append([who, response.status_code, "—", "—", "—"])
            continue
        body = response.json()
        sections = [k for k in body if k not in {"exported_at", "scope", "withheld"}]
        leaked = [name for name, secret in secrets.items() if secret in str(body)]
        withheld = body.get("withheld", {}).get("sections", [])
        rows.append([who, 200, len(sections), len(withheld), len(leaked)])
    _table(
        f"Export of one mentee (GET /api/v1/people/{{id}}/export; {len(secrets)} kinds of "
        "private content planted)",
        ["caller", "status", "sections", "withheld", "private contents in the answer"],
        rows,
    )


def recognition(pair: Any, callers: dict[str, Any]) -> None:
    from tests.conftest import ApiClient

    rows = []
    for who, user in callers.items():
        response = ApiClient(user).get(f"/api/v1/programs/{pair.program.pk}/celebrations")
        if response.status_code != 200:
            rows.append([who, response.status_code, "—"])
            continue
        text = str(response.json())
        named = sum(text.count(t) for t in ("GOAL-TITLE", "MILESTONE-TITLE"))
        rows.append([who, 200, named])
    _table(
        "Recognition feed (GET /api/v1/programs/{id}/celebrations; 1 goal + 1 milestone)",
        ["caller", "status", "goal/milestone titles shown"],
        rows,
    )


def throttling(attempts: int) -> None:
    from django.test import Client
    from tests.conftest import ApiClient
    from tests.factories import PASSWORD, EmployeeFactory

    from tandem.accounts.models import SignInThrottle

    def token(email: str, password: str, address: str) -> Any:
        return Client().post(
            "/api/v1/auth/token",
            {"email": email, "password": password},
            content_type="application/json",
            REMOTE_ADDR=address,
        )

    rows = []
    for label, email, address in (
        ("known email, API", EmployeeFactory().email, "203.0.113.1"),
        ("unknown email, API", "nobody@example.org", "203.0.113.2"),
    ):
        statuses = [token(email, "wrong", address).status_code for _ in range(attempts)]
        right = token(email, PASSWORD, address)
        rows.append([label, _runs(statuses), right.status_code, right.get("Retry-After", "—")])
    person = EmployeeFactory()
    statuses = []
    for _ in range(attempts):
        response = Client(REMOTE_ADDR="203.0.113.3").post(
            "/accounts/login/", {"username": person.email, "password": "wrong"}
        )
        statuses.append(response.status_code)
    right = Client(REMOTE_ADDR="203.0.113.3").post(
        "/accounts/login/", {"username": person.email, "password": PASSWORD}
    )
    rows.append(["known email, login page", _runs(statuses), right.status_code,
                 right.get("Retry-After", "—")])  # fmt: skip
    many = [EmployeeFactory().email for _ in range(attempts)]
    statuses = [token(email, "wrong", "203.0.113.4").status_code for email in many]
    fresh = EmployeeFactory()
    right = token(fresh.email, PASSWORD, "203.0.113.4")
    rows.append(["one address, a new email each time", _runs(statuses), right.status_code,
                 right.get("Retry-After", "—")])  # fmt: skip
    _table(
        f"Sign-in throttling: {attempts} wrong passwords in a row, then the right one",
        ["case", "wrong attempts → status", "right password", "Retry-After (s)"],
        rows,
    )
    admin = ApiClient(EmployeeFactory(user__is_org_admin=True).user)
    lock = SignInThrottle.objects.get(scope="account", key=person.email)
    lifted = admin.delete(f"/api/v1/auth/locks/{lock.pk}").status_code
    after = token(person.email, PASSWORD, "198.51.100.1").status_code
    print(f"  admin DELETE /api/v1/auth/locks/{{id}} → {lifted}; right password then → {after}")


def tokens_and_input() -> None:
    from django.test import Client
    from tests.conftest import ApiClient
    from tests.factories import PASSWORD, EmployeeFactory

    from tandem.accounts.models import ApiToken
    from tandem.accounts.services import issue_token

    person = EmployeeFactory()
    _, session = issue_token(user=person.user)
    browser = Client()
    browser.force_login(person.user)
    new = "another-long-secret-77"
    browser.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {session}")
    created = ApiClient(person.user).post("/api/v1/me/tokens", {"name": "sync"}).json()
    personal = ApiToken.objects.get(user=person.user, kind="personal")
    admin = ApiClient(EmployeeFactory(user__is_org_admin=True).user)
    other = EmployeeFactory()
    fields = ["email", "employee_id", "full_name", "title", "department", "location",
              "time_zone", "languages", "status"]  # fmt: skip
    patch = Counter(
        admin.patch(f"/api/v1/people/{other.pk}", {f: None}).status_code for f in fields
    )
    malformed = Client().post(
        "/api/v1/auth/token", '{"email": "a@b.c",', content_type="application/json"
    )
    bad_bearer = Client(enforce_csrf_checks=True).post(
        "/api/v1/me/tokens", {"name": "x"}, content_type="application/json",
        HTTP_AUTHORIZATION="Bearer nope",
    )  # fmt: skip
    from tandem.core import clock

    days = (
        round((personal.expires_at - clock.now()).total_seconds() / 86400)
        if personal.expires_at
        else None
    )
    _table(
        "Tokens and bad input",
        ["check", "result"],
        [
            ["session token after a password change", bearer.get("/api/v1/me").status_code],
            ["new personal token: expires after (days)", days],
            ["new personal token: expires_at in the API", bool(created.get("expires_at"))],
            [f"PATCH person with null for {len(fields)} required fields", dict(patch)],
            ["malformed JSON body", f"{malformed.status_code} {malformed.json()['detail']}"],
            ["invalid bearer token on a POST", bad_bearer.status_code],
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp))
        from tests.factories import EmployeeFactory
        from tests.relationships.conftest import NOW, make_pair

        from tandem.core import clock

        # The test factories' programs run in 2025: freeze the clock there, as the tests do.
        clock.now = lambda: NOW  # type: ignore[assignment]
        clock.today = NOW.date  # type: ignore[assignment]
        pair = make_pair()
        other_pair = make_pair(program=pair.program)
        callers = {
            "the mentee (self)": pair.mentee.user,
            "org admin": EmployeeFactory(user__is_org_admin=True).user,
            "program manager": pair.manager.user,
            "the mentee's mentor": pair.mentor.user,
            "another pair's mentee": other_pair.mentee.user,
            "leader": EmployeeFactory(user__is_leader=True).user,
            "employee": EmployeeFactory().user,
            "anonymous": None,
        }
        export_matrix(pair, callers)
        recognition(pair, callers)
        throttling(args.attempts)
        tokens_and_input()


if __name__ == "__main__":
    main()
