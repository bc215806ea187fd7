"""Eligibility is a pure function: each rule, and the reason it gives when it fails."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tandem.core.errors import DomainError
from tandem.programs.eligibility import (
    check_any_role,
    check_eligibility,
    clean_rules,
    describe_rules,
)

TODAY = dt.date(2025, 6, 1)


def person(**overrides):
    base = {
        "pk": 1,
        "status": "active",
        "department": "Engineering",
        "job_level": 4,
        "location": "London",
        "hire_date": dt.date(2020, 1, 1),
    }
    return SimpleNamespace(**{**base, **overrides})


def test_no_rules_means_every_active_employee_is_eligible():
    assert check_eligibility(person(), {}, TODAY).eligible


def test_people_who_are_not_active_are_never_eligible():
    verdict = check_eligibility(person(status="leave", pk=9), {"include": [9]}, TODAY)
    assert not verdict.eligible
    assert "only active employees" in verdict.reason


def test_departments_are_matched_without_regard_to_case_and_the_reason_names_them():
    assert check_eligibility(person(), {"departments": ["engineering"]}, TODAY).eligible
    verdict = check_eligibility(person(department="Sales"), {"departments": ["Engineering"]}, TODAY)
    assert not verdict.eligible
    assert verdict.reason == "open to Engineering only (department: Sales)"


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (2, "open to job level 3 and above (level: 2)"),
        (7, "open to job level 6 and below (level: 7)"),
        (None, "open to job levels 3–6 and no job level is on record"),
    ],
)
def test_levels_are_bounded_inclusively_and_the_reason_gives_the_bound(level, expected):
    rules = {"levels": {"min": 3, "max": 6}}
    assert check_eligibility(person(job_level=3), rules, TODAY).eligible
    assert check_eligibility(person(job_level=6), rules, TODAY).eligible
    assert check_eligibility(person(job_level=level), rules, TODAY).reason == expected


def test_locations_restrict_the_audience():
    verdict = check_eligibility(
        person(location="Paris"), {"locations": ["London", "Lisbon"]}, TODAY
    )
    assert verdict.reason == "open to people in London, Lisbon only (location: Paris)"


def test_hired_within_days_admits_new_hires_only():
    rules = {"hired_within_days": 90}
    assert check_eligibility(person(hire_date=TODAY - dt.timedelta(days=90)), rules, TODAY).eligible
    old = check_eligibility(person(hire_date=dt.date(2024, 1, 2)), rules, TODAY)
    assert old.reason == "open to people hired in the last 90 days (hired on 2024-01-02)"
    unknown = check_eligibility(person(hire_date=None), rules, TODAY)
    assert "no hire date is on record" in unknown.reason


def test_the_include_list_bypasses_the_other_rules_and_the_exclude_list_wins():
    rules = {"departments": ["Finance"], "include": [1]}
    assert check_eligibility(person(), rules, TODAY).eligible
    excluded = check_eligibility(person(), {**rules, "exclude": [1]}, TODAY)
    assert not excluded.eligible
    assert "excluded" in excluded.reason


def test_every_failing_rule_is_reported():
    rules = {"departments": ["Finance"], "locations": ["Paris"]}
    assert len(check_eligibility(person(), rules, TODAY).reasons) == 2


def test_role_sections_add_rules_for_one_role_only():
    rules = {"mentee": {"hired_within_days": 30}, "mentor": {"levels": {"min": 3}}}
    veteran = person(hire_date=dt.date(2010, 1, 1), job_level=5)
    assert check_eligibility(veteran, rules, TODAY, "mentor").eligible
    assert not check_eligibility(veteran, rules, TODAY, "mentee").eligible
    assert check_any_role(veteran, rules, TODAY, ("mentee", "mentor")).eligible


def test_rules_are_validated_and_an_unknown_rule_is_named():
    with pytest.raises(DomainError, match="“grade”"):
        clean_rules({"grade": 3})
    with pytest.raises(DomainError, match="min ≤ max"):
        clean_rules({"levels": {"min": 6, "max": 3}})
    with pytest.raises(DomainError, match="hired_within_days"):
        clean_rules({"hired_within_days": -5})
    with pytest.raises(DomainError, match="person ids"):
        clean_rules({"include": ["ann@example.org"]})
    cleaned = clean_rules(
        {
            "departments": [" Data ", ""],
            "locations": [],
            "include": [3, 3],
            "mentee": {"hired_within_days": 60},
        }
    )
    assert cleaned == {"departments": ["Data"], "include": [3], "mentee": {"hired_within_days": 60}}


def test_rules_are_described_in_plain_words():
    lines = describe_rules({"levels": {"min": 3}, "mentee": {"hired_within_days": 90}})
    assert lines == ["Job level 3 and above", "Mentees: hired in the last 90 days"]
    assert describe_rules({}) == ["Every active employee"]


def test_a_group_rule_admits_members_of_any_named_directory_group(db) -> None:
    from tandem.people.models import DirectoryGroup
    from tests.factories import EmployeeFactory

    member, outsider = EmployeeFactory(), EmployeeFactory()
    DirectoryGroup.objects.create(display_name="Mentoring Pilot").members.add(member)
    rules = clean_rules({"groups": ["mentoring pilot", "Other"]})
    assert check_eligibility(member, rules, TODAY).eligible
    verdict = check_eligibility(outsider, rules, TODAY)
    assert not verdict.eligible
    assert verdict.reason == "open to members of mentoring pilot, Other only (not a member of any)"
    assert "Directory groups: mentoring pilot, Other" in describe_rules(rules)
