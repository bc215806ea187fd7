"""The program report as a PDF, drawn on the server by fpdf2 (decision 0075).

One A4 page per section of ``report.program_report``: its title, sentence, chart (vector
bars or step lines drawn here, no chart library) and table. Text is set in the PDF core
font Helvetica (Windows-1252); characters outside it are replaced by "?" in the PDF only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from fpdf import FPDF
from fpdf.fonts import FontFace

from .report import Chart, Section

FONT = "helvetica"
INK = (33, 37, 41)
MUTED = (85, 94, 108)
RULE = (200, 205, 212)
COLOURS = [(47, 93, 138), (181, 101, 29)]  # the dashboards' two colours
ASCII = str.maketrans({"→": "->", "≥": ">=", "≤": "<=", "−": "-", "\u202f": " ", "\u00a0": " "})
CHART_HEIGHT = 80.0


def pdf_text(text: Any) -> str:
    """What Helvetica can show: common symbols spelled out, anything else as "?"."""
    clean = str(text).translate(ASCII)
    return clean.encode("cp1252", errors="replace").decode("cp1252")


class ReportPDF(FPDF):
    def __init__(self, title: str, meta: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.core_fonts_encoding = "windows-1252"
        self.report_title = pdf_text(title)
        self.meta = pdf_text(meta)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(self.report_title)
        self.set_author("Tandem")
        self.set_creator("Tandem")

    def header(self) -> None:
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"Tandem · {self.report_title}", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 4, self.meta, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(6)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")


def _figure(value: float) -> str:
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:.2f}"


Box = tuple[float, float, float, float]  # x, y, width, height in mm


def _bars(pdf: ReportPDF, chart: Chart, box: Box) -> None:
    """Vertical bars with their values above and their labels below, from zero."""
    x, y, w, h = box
    top = max([float(v) for v in chart.values] + [chart.scale_max or 0.0]) or 1.0
    label_band, value_band = 14.0, 5.0
    base = y + h - label_band
    usable = base - y - value_band
    pdf.set_draw_color(*RULE)
    pdf.line(x, base, x + w, base)
    slot = w / len(chart.values)
    bar_w = min(slot * 0.6, 28.0)
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        bar_h = usable * float(value) / top
        left = x + i * slot + (slot - bar_w) / 2
        pdf.set_fill_color(*COLOURS[0])
        if bar_h > 0:
            pdf.rect(left, base - bar_h, bar_w, bar_h, style="F")
        pdf.set_font(FONT, size=9)
        pdf.set_text_color(*INK)
        pdf.set_xy(x + i * slot, base - bar_h - value_band)
        pdf.cell(slot, value_band, _figure(value), align="C")
        pdf.set_xy(x + i * slot + 1, base + 1.5)
        pdf.set_font(FONT, size=8)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(slot - 2, 3.5, pdf_text(label), align="C", max_line_height=3.5)


def _lines(pdf: ReportPDF, chart: Chart, box: Box) -> None:
    """Step lines (Kaplan–Meier) on a 0–1 axis, days along the bottom, with a legend."""
    x, y, w, h = box
    left, bottom = x + 10, y + h - 10
    width, height = w - 12, h - 18
    days = max((max(line["x"], default=0) for line in chart.lines), default=0) or 1.0
    pdf.set_draw_color(*RULE)
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(*MUTED)
    for tick in (0.0, 0.5, 1.0):
        ty = bottom - height * tick
        pdf.line(left, ty, left + width, ty)
        pdf.set_xy(x, ty - 2)
        pdf.cell(9, 4, f"{tick:.1f}", align="R")
    pdf.set_xy(left, bottom + 1)
    pdf.cell(width, 4, f"days since the program's start (0 to {days:.0f})", align="C")
    for i, line in enumerate(chart.lines):
        colour = COLOURS[i % len(COLOURS)]
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.6)
        points = list(zip(line["x"], line["y"], strict=True))
        prev_x, prev_y = left, bottom - height * 1.0
        for day, share in points:
            px, py = left + width * day / days, bottom - height * share
            pdf.line(prev_x, prev_y, px, prev_y)
            pdf.line(px, prev_y, px, py)
            prev_x, prev_y = px, py
        pdf.line(prev_x, prev_y, left + width, prev_y)
        pdf.set_line_width(0.2)
        pdf.set_fill_color(*colour)
        pdf.rect(left + 2 + 60 * i, y + 1, 4, 3, style="F")
        pdf.set_xy(left + 7 + 60 * i, y)
        pdf.set_text_color(*INK)
        pdf.cell(52, 5, pdf_text(line["name"]))


def _chart(pdf: ReportPDF, chart: Chart) -> None:
    x, y = pdf.l_margin, pdf.get_y()
    w = pdf.w - pdf.l_margin - pdf.r_margin
    if chart.lines:
        _lines(pdf, chart, (x, y, w, CHART_HEIGHT))
    else:
        _bars(pdf, chart, (x, y, w, CHART_HEIGHT))
    pdf.set_xy(x, y + CHART_HEIGHT + 4)


def _table(pdf: ReportPDF, section: Section) -> None:
    pdf.set_font(FONT, size=10)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*RULE)
    pdf.set_fill_color(255, 255, 255)
    heading = FontFace(emphasis="BOLD", fill_color=(238, 241, 245))
    first_width = 2 if len(section.header) > 2 else 3
    widths = (first_width, *([1] * (len(section.header) - 1)))
    aligns = ("LEFT", *(["RIGHT"] * (len(section.header) - 1)))
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        headings_style=heading,
        line_height=6,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        for row in [section.header, *(section.rows or [["Nothing to show."]])]:
            cells = table.row()
            for cell in row:
                cells.cell(pdf_text(cell))


def _section(pdf: ReportPDF, number: int, section: Section) -> None:
    pdf.add_page()
    pdf.set_font(FONT, style="B", size=16)
    pdf.set_text_color(*INK)
    pdf.cell(0, 9, pdf_text(f"{number}. {section.title}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(0, 5.5, pdf_text(section.summary), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    if section.chart:
        _chart(pdf, section.chart)
    _table(pdf, section)
    if section.note:
        pdf.ln(3)
        pdf.set_font(FONT, size=9)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(0, 4.5, pdf_text(section.note), new_x="LMARGIN", new_y="NEXT")


def render_report_pdf(report: dict[str, Any]) -> bytes:
    scope = " · ".join(report["filters"]) or "everyone in the program"
    pdf = ReportPDF(report["title"], f"Generated {report['generated']} · {scope}")
    for number, section in enumerate(report["sections"], start=1):
        _section(pdf, number, section)
    return bytes(pdf.output())


def report_pdf_response(report: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(render_report_pdf(report), content_type="application/pdf")
    name = f"program-{report['program'].pk}-report.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
