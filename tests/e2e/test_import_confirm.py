"""Directory import in a real browser: a dry run, then confirm the kept file, no re-upload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.people.models import ImportUpload, Person
from tests.e2e.accessibility import axe_violations

pytestmark = pytest.mark.e2e

CSV = (
    b"Employee ID,Work Email,Full Name,Time Zone\n"
    b"IMP1,imp1@example.org,Ines Import,Europe/Paris\n"
    b"IMP2,imp2@example.org,Omar Import,Europe/Paris\n"
)


def test_an_admin_dry_runs_a_file_then_confirms_it_without_uploading_again(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, demo_org["admin"])
    page.goto(f"{live_server.url}/people/import/")
    page.locator("#id_file").set_input_files(
        {"name": "hr-export.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    expect(page.get_by_label("Check only (dry run): validate without writing")).to_be_checked()
    page.get_by_role("button", name="Upload and check").click()

    expect(page.locator("#import-report")).to_contain_text("Dry run · nothing written")
    confirm = page.get_by_role("button", name="Confirm import of hr-export.csv")
    expect(confirm).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "import-dry-run-confirm")
    assert not Person.objects.filter(employee_id="IMP1").exists()

    confirm.click()
    expect(page.locator(".message-success")).to_contain_text("Imported: 2 created")
    expect(page.get_by_role("heading", name="Import result")).to_be_visible()
    assert Person.objects.filter(employee_id__in=["IMP1", "IMP2"]).count() == 2
    assert not ImportUpload.objects.exists()
