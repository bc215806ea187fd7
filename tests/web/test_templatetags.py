"""The ``{% load tandem %}`` helpers every page uses."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory

from tandem.web.templatetags import tandem as tags


def render(source: str, **context) -> str:
    return Template("{% load tandem %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", "AL"),
        ("Ada King Lovelace", "AL"),
        ("cher", "C"),
        ("Jean-Luc Picard", "JP"),
        ("", "?"),
        (None, "?"),
    ],
)
def test_initials_take_the_first_letters_of_the_first_and_last_names(name, expected):
    assert tags.initials(name) == expected


def test_local_time_shows_an_aware_datetime_in_the_persons_time_zone():
    moment = dt.datetime(2025, 7, 1, 12, 30, tzinfo=dt.UTC)
    assert tags.local_time(moment, "America/New_York") == "1 Jul 2025, 08:30 EDT"
    assert tags.local_time(moment, "Europe/London") == "1 Jul 2025, 13:30 BST"


def test_local_time_falls_back_to_utc_for_an_unknown_zone_and_ignores_non_datetimes():
    moment = dt.datetime(2025, 1, 1, 9, 0, tzinfo=dt.UTC)
    assert tags.local_time(moment, "Mars/Olympus") == "1 Jan 2025, 09:00 UTC"
    assert tags.local_time(None, "Europe/London") == ""
    assert tags.local_time("yesterday", "Europe/London") == ""


def test_local_time_works_as_a_template_filter():
    moment = dt.datetime(2025, 1, 1, 9, 0, tzinfo=dt.UTC)
    html = render("{{ when|local_time:zone }}", when=moment, zone="Asia/Tokyo")
    assert html == "1 Jan 2025, 18:00 JST"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.724, 72),
        (1, 100),
        (0, 0),
        (1.7, 100),
        (-0.2, 0),
        (None, 0),
        ("x", 0),
        (float("nan"), 0),
        (float("inf"), 100),
    ],
)
def test_score_pct_turns_a_0_to_1_score_into_a_clamped_integer_percent(value, expected):
    assert tags.score_pct(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.038, "+3.8"), (-0.0481, "−4.8"), (0.0, "0.0"), (-0.0004, "0.0"), (None, "—"), ("x", "—")],
)
def test_points_shows_a_difference_of_shares_in_signed_percentage_points(value, expected):
    assert tags.points(value) == expected


@pytest.mark.parametrize(
    ("status", "badge"),
    [
        ("active", "badge-green"),
        ("Approved", "badge-green"),
        ("matched", "badge-green"),
        ("applied", "badge-blue"),
        ("pending", "badge-blue"),
        ("enrolling", "badge-blue"),
        ("matching", "badge-amber"),
        ("waitlisted", "badge-amber"),
        ("paused", "badge-amber"),
        ("declined", "badge-red"),
        ("withdrawn", "badge-grey"),
        ("ended", "badge-grey"),
        ("closed", "badge-grey"),
        ("draft", "badge-grey"),
        ("something new", "badge-grey"),
        (None, "badge-grey"),
    ],
)
def test_badge_for_status_maps_common_statuses_to_badge_colours(status, badge):
    assert tags.badge_for_status(status) == badge


def test_audit_diff_lists_changed_added_and_removed_fields():
    entry = SimpleNamespace(
        before={"is_leader": False, "title": "Dev", "gone": 1},
        after={"is_leader": True, "title": "Dev", "new": ["a"]},
    )
    rows = {row["field"]: row for row in tags.audit_diff(entry)}
    assert rows["is_leader"] == {
        "field": "is_leader",
        "before": "False",
        "after": "True",
        "kind": "changed",
    }
    assert rows["title"]["kind"] == "same"
    assert rows["gone"]["kind"] == "removed"
    assert rows["new"] == {"field": "new", "before": "", "after": '["a"]', "kind": "added"}


def test_audit_diff_of_an_entry_without_before_or_after_is_empty():
    assert tags.audit_diff(SimpleNamespace(before=None, after=None)) == []


def test_pagination_keeps_the_other_query_parameters():
    page = Paginator(list(range(100)), 10).get_page(3)
    request = RequestFactory().get("/people/?q=ada&department=Sales&page=3")
    html = Template("{% load tandem %}{% pagination page %}").render(
        Context({"page": page, "request": request})
    )
    assert 'href="?q=ada&amp;department=Sales&amp;page=2"' in html
    assert 'href="?q=ada&amp;department=Sales&amp;page=4"' in html
    assert 'aria-current="page">3<' in html
    assert "…" in html


def test_pagination_renders_nothing_for_a_single_page():
    page = Paginator([1, 2], 10).get_page(1)
    assert render("{% pagination page %}", page=page).strip() == ""


def test_level_dots_fill_as_many_dots_as_the_level_and_say_it_in_words():
    html = render("{% level_dots 3 %}")
    assert html.count('class="dot filled"') == 3
    assert html.count('class="dot"') == 2
    assert 'aria-label="Level 3 of 5"' in html


def test_capture_renders_its_body_into_a_variable():
    html = render(
        "{% capture as greeting %} Hello {{ name }} {% endcapture %}[{{ greeting }}]", name="Ada"
    )
    assert html == "[Hello Ada]"


def test_where_keeps_the_items_whose_attribute_matches():
    items = [SimpleNamespace(kind="expertise", n=1), SimpleNamespace(kind="development", n=2)]
    assert [i.n for i in tags.where(items, "kind:expertise")] == [1]
    assert tags.where(None, "kind:expertise") == []
