"""The program report as a PDF drawn on the server: it parses, has one page per section,
carries the dashboard's numbers, renders to an image, and is refused to the wrong people."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from django.test import Client
from pypdf import PdfReader

from tandem.insights.report import program_report
from tandem.insights.report_pdf import pdf_text, render_report_pdf
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.conftest import make_pair

pytestmark = pytest.mark.django_db


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_the_pdf_parses_with_one_page_per_section_and_the_dashboards_numbers(pair):
    report = program_report(pair.program, None, "Asia/Tokyo")
    pages = pages_text(render_report_pdf(report))
    assert len(pages) == len(report["sections"]) == 9
    for page, section in zip(pages, report["sections"], strict=True):
        assert pdf_text(section.title) in page
    assert "67 % of 3 goals achieved" in pages[3]
    assert "Match rate" in pages[1] and "100 %" in pages[1]
    assert "Page 1 of 9" in pages[0] and "Generated" in pages[0]


def test_the_pdf_renders_to_an_image_with_the_chart_drawn(pair, tmp_path):
    content = render_report_pdf(program_report(pair.program, None, None))
    document = pypdfium2.PdfDocument(content)
    image = document[0].render(scale=1).to_pil().convert("RGB")
    image.save(tmp_path / "page-1.png")
    colours = {colour for _, colour in image.getcolors(maxcolors=1_000_000)}
    assert (47, 93, 138) in colours  # the bars, in the dashboards' blue


def test_text_outside_the_pdf_font_is_replaced_not_an_error():
    assert pdf_text("a → b ≥ c – “d” Zoë 東京") == "a -> b >= c – “d” Zoë ??"


def test_the_pdf_downloads_from_the_page_and_the_api_with_the_filters(pair):
    web = Client()
    web.force_login(pair.manager.user)
    r = web.get(f"/insights/programs/{pair.program.pk}/report.pdf?department=Nowhere")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert f'filename="program-{pair.program.pk}-report.pdf"' in r["Content-Disposition"]
    assert "Department: Nowhere" in pages_text(r.content)[0]
    r = pair.client("manager").get(f"/api/v1/insights/programs/{pair.program.pk}/report.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(r.content)).pages) == 9


def test_a_bad_filter_on_the_api_names_the_field(pair):
    r = pair.client("manager").get(
        f"/api/v1/insights/programs/{pair.program.pk}/report.pdf?level=99"
    )
    assert r.status_code == 422 and "level" in r.content.decode()


def test_leaders_and_admins_may_download_every_programs_pdf(pair, api_leader, api_admin):
    for api in (api_leader, api_admin):
        r = api.get(f"/api/v1/insights/programs/{pair.program.pk}/report.pdf")
        assert r.status_code == 200


@pytest.mark.parametrize("who", ["mentee", "mentor", "employee", "other manager", "anonymous"])
def test_who_may_not_download_a_programs_pdf(pair, who):
    clients = {
        "mentee": pair.client("mentee"),
        "mentor": pair.client("mentor"),
        "employee": ApiClient(EmployeeFactory().user),
        "other manager": make_pair().client("manager"),
        "anonymous": ApiClient(),
    }
    r = clients[who].get(f"/api/v1/insights/programs/{pair.program.pk}/report.pdf")
    assert r.status_code in {401, 403, 404}
    web = Client()
    if who != "anonymous":
        web.force_login(
            getattr(pair, who).user if who in {"mentee", "mentor"} else EmployeeFactory().user
        )
    page = web.get(f"/insights/programs/{pair.program.pk}/report.pdf")
    assert page.status_code in {302, 404}
