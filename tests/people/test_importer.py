"""The directory import service: every validation rule, all-or-nothing, re-imports, XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from tandem.core.errors import NotAllowed
from tandem.core.models import AuditLog
from tandem.people import import_files, import_rows, import_values, importer
from tandem.people.importer import import_people
from tandem.people.models import Person
from tests.factories import EmployeeFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADER = ["Employee ID", "Email", "Name", "Manager ID", "Time Zone", "Hire Date", "Job Level"]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def person(eid: str, manager: str = "", **overrides: str) -> list[str]:
    values = {
        "email": f"{eid.lower()}@example.org",
        "name": f"Person {eid}",
        "tz": "Europe/London",
        "hired": "2020-01-15",
        "level": "3",
    }
    values.update(overrides)
    return [eid, values["email"], values["name"], manager, values["tz"], values["hired"],
            values["level"]]  # fmt: skip


def run(content: bytes, *, dry_run: bool = False, filename: str = "people.csv"):
    return import_people(filename=filename, content=content, dry_run=dry_run, actor=None)


def errors_of(report) -> list[tuple[int, str, str]]:
    return [(e.row, e.field, e.message) for e in report.errors]


# --- a good file -------------------------------------------------------------------------


def test_a_valid_file_creates_everyone_with_every_column_parsed():
    header = ["Employee ID", "Email", "Name", "Job Title", "Department", "Location", "Time Zone",
              "Hire Date", "Job Level", "Languages", "Status", "Termination Date"]  # fmt: skip
    rows = [
        ["E1", "Ana@Example.org", "Ana Alves", "CTO", "Engineering", "Lisbon", "Europe/Lisbon",
         "2019-04-01", "L12", "Portuguese; English", "Active", ""],
        ["E2", "ben@example.org", "Ben Bo", "Engineer", "Engineering", "Oslo", "europe/oslo",
         "31/12/2021", "Level 4", "Norwegian, English", "On Leave", ""],
        ["E3", "cy@example.org", "Cy Cole", "Analyst", "Finance", "NYC", "America/New_York",
         "12/31/2018", "2", "English", "Terminated", "2024-06-30"],
    ]  # fmt: skip
    report = run(csv_bytes(rows, header))
    assert errors_of(report) == []
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    ana, ben, cy = (Person.objects.get(employee_id=e) for e in ("E1", "E2", "E3"))
    assert ana.email == "ana@example.org"
    assert (ana.title, ana.department, ana.location) == ("CTO", "Engineering", "Lisbon")
    assert (ana.job_level, ana.languages) == (12, ["Portuguese", "English"])
    assert ben.time_zone == "Europe/Oslo"
    assert ben.hire_date == dt.date(2021, 12, 31)
    assert (ben.job_level, ben.status) == (4, "leave")
    assert cy.hire_date == dt.date(2018, 12, 31)
    assert (cy.status, cy.employment_end) == ("terminated", dt.date(2024, 6, 30))


def test_hr_export_headers_are_recognised_whatever_their_case_spacing_or_punctuation():
    header = ["EMPLOYEE NUMBER", "e-mail address", "First Name", "Last_Name", "Business Unit",
              "Supervisor ID", "Office", "TZ", "Date of Joining", "Band",
              "Employment Status"]  # fmt: skip
    rows = [
        ["100", "boss@example.org", "Bea", "Boss", "Sales", "", "Paris", "Europe/Paris",
         "2015-02-01", "Band 9", "Active"],
        ["101", "rep@example.org", "Rui", "Rep", "Sales", "100", "Paris", "Europe/Paris",
         "2022-03-01", "5", "LOA"],
    ]  # fmt: skip
    report = run(csv_bytes(rows, header))
    assert errors_of(report) == [] and report.warnings == []
    rep = Person.objects.get(employee_id="101")
    assert rep.full_name == "Rui Rep"
    assert rep.manager == Person.objects.get(employee_id="100")
    assert (rep.department, rep.location, rep.time_zone) == ("Sales", "Paris", "Europe/Paris")
    assert (rep.job_level, rep.status, rep.hire_date) == (5, "leave", dt.date(2022, 3, 1))


def test_unknown_columns_are_ignored_and_listed_as_a_warning():
    header = [*HEADER, "Cost Center", "Shoe Size"]
    report = run(csv_bytes([[*person("E1"), "CC-1", "42"]], header))
    assert errors_of(report) == []
    assert report.warnings == [importer.UNKNOWN_COLUMNS.format(names="“Cost Center”, “Shoe Size”")]
    assert Person.objects.filter(employee_id="E1").exists()


def test_a_second_column_with_the_same_meaning_is_ignored_with_a_warning():
    header = ["Employee ID", "Email", "Name", "Hire Date", "Start Date"]
    report = run(csv_bytes([["E1", "e1@example.org", "E One", "2020-01-01", "2021-01-01"]], header))
    assert report.warnings == [
        importer.SHADOWED_COLUMN.format(ignored="Start Date", kept="Hire Date", label="hire date")
    ]
    assert Person.objects.get(employee_id="E1").hire_date == dt.date(2020, 1, 1)


# --- one test per validation rule --------------------------------------------------------


def test_a_missing_required_value_is_reported_with_its_row_and_field():
    report = run(csv_bytes([person("E1"), person("E2", email="")]))
    assert errors_of(report) == [(3, "email", import_rows.REQUIRED.format(label="Email"))]


def test_a_missing_employee_id_and_name_are_each_reported():
    report = run(csv_bytes([["", "x@example.org", "", "", "UTC", "", ""]]))
    assert errors_of(report) == [
        (2, "employee_id", import_rows.REQUIRED.format(label="Employee ID")),
        (2, "full_name", import_rows.REQUIRED.format(label="Name")),
    ]


def test_a_bad_email_is_reported():
    report = run(csv_bytes([person("E1", email="not-an-email")]))
    assert errors_of(report) == [(2, "email", import_values.BAD_EMAIL.format(value="not-an-email"))]


def test_a_duplicate_employee_id_in_the_file_names_both_rows():
    report = run(csv_bytes([person("E1"), person("E2"), person("E1", email="other@example.org")]))
    assert errors_of(report) == [
        (4, "employee_id", importer.DUPLICATE_EMPLOYEE_ID.format(value="E1", first=2, row=4))
    ]


def test_a_duplicate_email_in_the_file_names_both_rows_ignoring_case():
    report = run(csv_bytes([person("E1", email="Same@example.org"),
                            person("E2", email="same@EXAMPLE.org")]))  # fmt: skip
    assert errors_of(report) == [
        (3, "email", importer.DUPLICATE_EMAIL.format(value="same@example.org", first=2, row=3))
    ]


def test_an_email_already_used_by_another_employee_in_the_directory_is_refused():
    PersonFactory(employee_id="OLD", email="taken@example.org")
    report = run(csv_bytes([person("E1", email="taken@example.org")]))
    assert errors_of(report) == [
        (2, "email", importer.EMAIL_TAKEN.format(value="taken@example.org", owner="OLD"))
    ]


def test_two_existing_people_may_swap_emails_in_one_import():
    PersonFactory(employee_id="A", email="a@example.org")
    PersonFactory(employee_id="B", email="b@example.org")
    report = run(
        csv_bytes([person("A", email="b@example.org"), person("B", email="a@example.org")])
    )
    assert errors_of(report) == []
    assert report.updated == 2
    assert Person.objects.get(employee_id="A").email == "b@example.org"
    assert Person.objects.get(employee_id="B").email == "a@example.org"


def test_an_unknown_manager_is_reported():
    report = run(csv_bytes([person("E1", manager="NOBODY")]))
    assert errors_of(report) == [(2, "manager", importer.UNKNOWN_MANAGER.format(value="NOBODY"))]


def test_a_manager_may_be_someone_already_in_the_directory_or_given_by_email():
    boss = PersonFactory(employee_id="BOSS", email="boss@example.org")
    header = ["Employee ID", "Email", "Name", "Manager Email"]
    rows = [["E1", "e1@example.org", "E One", "Boss@Example.org"],
            ["E2", "e2@example.org", "E Two", "e1@example.org"]]  # fmt: skip
    assert errors_of(run(csv_bytes(rows, header))) == []
    assert Person.objects.get(employee_id="E1").manager == boss
    assert Person.objects.get(employee_id="E2").manager.employee_id == "E1"


def test_a_person_who_is_their_own_manager_is_reported():
    report = run(csv_bytes([person("E1", manager="E1")]))
    assert errors_of(report) == [(2, "manager", importer.SELF_MANAGER)]


def test_a_manager_cycle_in_the_file_reports_every_row_on_the_cycle():
    rows = [person("CEO"), person("A", manager="C"), person("B", manager="A"),
            person("C", manager="B"), person("D", manager="A")]  # fmt: skip
    report = run(csv_bytes(rows))
    chain = importer.MANAGER_CYCLE.format(chain="A → C → B → A")
    assert errors_of(report) == [
        (3, "manager", chain),
        (4, "manager", chain),
        (5, "manager", chain),
    ]


def test_a_manager_cycle_through_the_directory_is_reported():
    top = PersonFactory(employee_id="TOP")
    PersonFactory(employee_id="MID", manager=top)
    report = run(csv_bytes([person("TOP", manager="MID", email=top.email)]))
    assert errors_of(report) == [
        (2, "manager", importer.MANAGER_CYCLE.format(chain="TOP → MID → TOP"))
    ]


def test_an_invalid_time_zone_is_reported_with_a_close_match():
    report = run(csv_bytes([person("E1", tz="Europe/Londn")]))
    message = import_values.BAD_TIME_ZONE.format(value="Europe/Londn")
    message += import_values.TIME_ZONE_SUGGESTION.format(suggestion="Europe/London")
    assert errors_of(report) == [(2, "time_zone", message)]


def test_an_invalid_time_zone_without_a_close_match_gets_no_suggestion():
    report = run(csv_bytes([person("E1", tz="Mars/Olympus_Mons")]))
    message = import_values.BAD_TIME_ZONE.format(value="Mars/Olympus_Mons")
    assert errors_of(report) == [(2, "time_zone", message)]


def test_an_unparseable_date_is_reported():
    report = run(csv_bytes([person("E1", hired="next tuesday")]))
    assert errors_of(report) == [
        (2, "hire_date", import_values.BAD_DATE.format(value="next tuesday"))
    ]


def test_an_ambiguous_day_month_date_is_reported():
    report = run(csv_bytes([person("E1", hired="03/04/2021")]))
    assert errors_of(report) == [
        (2, "hire_date", import_values.AMBIGUOUS_DATE.format(value="03/04/2021"))
    ]


def test_an_ambiguous_date_follows_the_convention_of_its_column():
    report = run(csv_bytes([person("E1", hired="03/04/2021"), person("E2", hired="25/12/2020")]))
    assert errors_of(report) == []
    assert Person.objects.get(employee_id="E1").hire_date == dt.date(2021, 4, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-31", dt.date(2024, 3, 31)),
        ("2024-03-31T00:00:00", dt.date(2024, 3, 31)),
        ("31/03/2024", dt.date(2024, 3, 31)),
        ("03/31/2024", dt.date(2024, 3, 31)),
        ("31.03.2024", dt.date(2024, 3, 31)),
        ("31 Mar 2024", dt.date(2024, 3, 31)),
        ("March 31, 2024", dt.date(2024, 3, 31)),
        ("20240331", dt.date(2024, 3, 31)),
        (45382, dt.date(2024, 3, 31)),
    ],
)
def test_dates_are_accepted_in_the_formats_hr_systems_export(text, expected):
    assert import_values.parse_date(text) == expected


def test_a_job_level_out_of_range_is_reported():
    report = run(csv_bytes([person("E1", level="L21")]))
    assert errors_of(report) == [
        (2, "job_level", import_values.LEVEL_OUT_OF_RANGE.format(value=21))
    ]


def test_a_job_level_that_is_not_a_number_is_reported():
    report = run(csv_bytes([person("E1", level="senior")]))
    assert errors_of(report) == [(2, "job_level", import_values.BAD_LEVEL.format(value="senior"))]


@pytest.mark.parametrize(
    ("text", "status"),
    [("Active", "active"), ("On Leave", "leave"), ("LOA", "leave"),
     ("Terminated", "terminated"), ("Inactive", "terminated"), ("", "active")],
)  # fmt: skip
def test_employment_status_synonyms_are_understood(text, status):
    assert import_values.parse_status(text) == status


def test_an_unknown_employment_status_is_reported():
    header = ["Employee ID", "Email", "Name", "Status"]
    report = run(csv_bytes([["E1", "e1@example.org", "E One", "Zombie"]], header))
    assert errors_of(report) == [(2, "status", import_values.BAD_STATUS.format(value="Zombie"))]


def test_a_value_longer_than_its_field_is_reported():
    report = run(csv_bytes([person("E1", name="x" * 201)]))
    assert errors_of(report) == [
        (2, "full_name", import_values.TOO_LONG.format(label="Name", limit=200))
    ]


# --- the file as a whole -------------------------------------------------------------------


def test_a_file_that_is_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(import_files, "MAX_FILE_BYTES", 1024 * 1024)
    report = run(b"x" * (2 * 1024 * 1024))
    assert errors_of(report) == [(0, "file", import_files.FILE_TOO_LARGE.format(size=2.0, limit=1))]


def test_an_empty_file_is_refused():
    assert errors_of(run(b"  \n")) == [(0, "file", import_files.EMPTY_FILE)]


def test_a_file_with_only_a_header_is_refused():
    assert errors_of(run(csv_bytes([]))) == [(0, "file", import_files.NO_DATA_ROWS)]


def test_a_file_without_a_header_row_is_refused():
    report = run(csv_bytes([person("E2")], header=person("E1")))
    assert errors_of(report) == [(1, "file", importer.NO_HEADER)]


def test_a_file_missing_a_required_column_names_it():
    report = run(csv_bytes([["E1", "E One"]], header=["Employee ID", "Name"]))
    assert errors_of(report) == [
        (1, "email", importer.MISSING_COLUMN.format(
            label="Email", examples="Email, Work Email, E-mail Address"))
    ]  # fmt: skip


def test_an_unsupported_file_type_is_refused():
    report = run(b"%PDF-1.7 ...", filename="people.pdf")
    assert errors_of(report) == [
        (0, "file", import_files.UNSUPPORTED_TYPE.format(name="people.pdf"))
    ]
    assert errors_of(run(b"\xd0\xcf\x11\xe0....", filename="people.xls")) == [
        (0, "file", import_files.OLD_EXCEL)
    ]


def test_a_corrupt_workbook_is_refused():
    report = run(b"PK\x03\x04 not really a zip", filename="people.xlsx")
    assert errors_of(report) == [(0, "file", import_files.BAD_XLSX.format(name="people.xlsx"))]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_semicolon_tab_and_pipe_separated_files_are_sniffed(delimiter):
    report = run(csv_bytes([person("E1"), person("E2", manager="E1")], delimiter=delimiter))
    assert errors_of(report) == []
    assert report.created == 2


def test_utf8_with_bom_and_windows_1252_files_are_decoded():
    content = csv_bytes([person("E1", name="Zoë Ñúñez")])
    assert errors_of(run(b"\xef\xbb\xbf" + content, dry_run=True)) == []
    cp1252 = content.decode("utf-8").encode("cp1252")
    assert errors_of(run(cp1252)) == []
    assert Person.objects.get(employee_id="E1").full_name == "Zoë Ñúñez"


def test_blank_rows_are_skipped_but_still_counted_in_row_numbers():
    content = csv_bytes([person("E1"), ["", "", "", "", "", "", ""], person("E3", email="bad")])
    assert errors_of(run(content)) == [(4, "email", import_values.BAD_EMAIL.format(value="bad"))]


# --- all or nothing ----------------------------------------------------------------------


def test_one_bad_row_among_good_ones_writes_nothing_and_every_error_is_returned():
    rows = [person(f"E{i}") for i in range(1, 9)]
    rows[3] = person("E4", tz="Nowhere/Atlantis", level="99")
    rows[6] = person("E7", manager="GHOST")
    audit_before = AuditLog.objects.count()
    report = run(csv_bytes(rows))
    assert [(e.row, e.field) for e in report.errors] == [
        (5, "time_zone"),
        (5, "job_level"),
        (8, "manager"),
    ]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert not Person.objects.filter(employee_id__startswith="E").exists()
    assert AuditLog.objects.count() == audit_before


def test_a_dry_run_writes_nothing_but_reports_what_would_happen():
    PersonFactory(employee_id="E1", email="e1@example.org", full_name="Old Name")
    report = run(csv_bytes([person("E1"), person("E2", manager="E1")]), dry_run=True)
    assert report.dry_run is True
    assert errors_of(report) == []
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert Person.objects.get(employee_id="E1").full_name == "Old Name"
    assert not Person.objects.filter(employee_id="E2").exists()
    assert not AuditLog.objects.filter(action="people.import").exists()


def test_reimporting_the_same_file_reports_everyone_unchanged():
    content = csv_bytes([person("E1"), person("E2", manager="E1"), person("E3", manager="E2")])
    assert run(content).created == 3
    again = run(content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_changed_file_updates_only_the_changed_people():
    run(csv_bytes([person("E1"), person("E2", manager="E1"), person("E3", manager="E1")]))
    report = run(csv_bytes([person("E1", name="New Name"), person("E2", manager="E1"),
                            person("E3", manager="E2"), person("E4")]))  # fmt: skip
    assert (report.created, report.updated, report.unchanged) == (1, 2, 1)
    assert Person.objects.get(employee_id="E1").full_name == "New Name"
    assert Person.objects.get(employee_id="E3").manager.employee_id == "E2"


def test_columns_absent_from_the_file_leave_existing_values_untouched():
    boss = PersonFactory(employee_id="BOSS")
    PersonFactory(employee_id="E1", email="e1@example.org", manager=boss, department="Legal")
    header = ["Employee ID", "Email", "Name"]
    report = run(csv_bytes([["E1", "e1@example.org", "Renamed"]], header))
    assert report.updated == 1
    e1 = Person.objects.get(employee_id="E1")
    assert (e1.full_name, e1.manager, e1.department) == ("Renamed", boss, "Legal")


def test_managers_are_set_in_a_second_pass_even_when_they_appear_later_in_the_file():
    rows = [person("IC", manager="LEAD"), person("LEAD", manager="VP"), person("VP")]
    report = run(csv_bytes(rows))
    assert errors_of(report) == []
    ic = Person.objects.select_related("manager__manager").get(employee_id="IC")
    assert ic.manager.employee_id == "LEAD"
    assert ic.manager.manager.employee_id == "VP"


def test_a_blank_manager_cell_clears_the_manager():
    run(csv_bytes([person("E1"), person("E2", manager="E1")]))
    report = run(csv_bytes([person("E1"), person("E2")]))
    assert report.updated == 1
    assert Person.objects.get(employee_id="E2").manager is None


def test_an_import_writes_a_single_audit_entry_with_counts_and_filename():
    run(csv_bytes([person("E1"), person("E2", manager="E1")]), filename="hris.csv")
    entry = AuditLog.objects.get(action="people.import")
    assert entry.actor is None
    assert entry.after["filename"] == "hris.csv"
    assert (entry.after["created"], entry.after["updated"], entry.after["unchanged"]) == (2, 0, 0)
    assert entry.after["managers_set"] == 1


def test_only_org_admins_may_import():
    employee = EmployeeFactory()
    with pytest.raises(NotAllowed):
        import_people(
            filename="p.csv", content=csv_bytes([person("E1")]), dry_run=True, actor=employee.user
        )


def test_an_org_admin_import_is_audited_under_their_name():
    admin = EmployeeFactory(user__is_org_admin=True)
    content = csv_bytes([person("E1")])
    import_people(filename="p.csv", content=content, dry_run=False, actor=admin.user)
    assert AuditLog.objects.get(action="people.import").actor == admin.user


# --- XLSX --------------------------------------------------------------------------------


def test_an_xlsx_workbook_is_imported_with_excel_dates_and_numeric_ids():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Worker ID", "Work Email", "Full Name", "Reports To", "Start Date", "Grade"])
    sheet.append([2001, "rep@example.org", "Rae Rep", 2000, dt.datetime(2023, 5, 2), 4.0])
    sheet.append([2000, "boss@example.org", "Bo Boss", None, dt.date(2010, 1, 4), "L9"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue(), filename="export.xlsx")
    assert errors_of(report) == []
    assert report.created == 2
    rep = Person.objects.get(employee_id="2001")
    assert (rep.manager.employee_id, rep.hire_date, rep.job_level) == (
        "2000",
        dt.date(2023, 5, 2),
        4,
    )


def test_an_xlsx_row_error_uses_the_spreadsheet_row_number():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Employee ID", "Email", "Name"])
    sheet.append(["E1", "e1@example.org", "One"])
    sheet.append([])
    sheet.append(["E2", "broken", "Two"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue(), filename="export.xlsx")
    assert errors_of(report) == [(4, "email", import_values.BAD_EMAIL.format(value="broken"))]


def test_people_deeper_than_the_insert_layers_get_their_manager_in_the_second_pass(monkeypatch):
    monkeypatch.setattr(importer, "_MAX_LAYERS", 1)
    rows = [person("L4", manager="L3"), person("L3", manager="L2"), person("L2", manager="L1"),
            person("L1")]  # fmt: skip
    report = run(csv_bytes(rows))
    assert errors_of(report) == []
    chain = {p.employee_id: p.manager and p.manager.employee_id for p in Person.objects.all()}
    assert chain == {"L1": None, "L2": "L1", "L3": "L2", "L4": "L3"}
    assert AuditLog.objects.get(action="people.import").after["managers_set"] == 3


def test_a_write_that_collides_with_a_concurrent_change_is_a_readable_error(monkeypatch):
    from django.db import IntegrityError

    def collide(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: people_person.email")

    monkeypatch.setattr(importer, "insert_rows", collide)
    report = run(csv_bytes([person("E1")]))
    assert errors_of(report) == [(0, "file", importer.CHANGED_MEANWHILE)]
    assert report.created == 0
    assert not AuditLog.objects.filter(action="people.import").exists()
