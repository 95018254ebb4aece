"""The report as CSV, XLSX and a printable PDF: each writes ``Report.table()`` as it is."""

import csv
import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from .reports import Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plain(value):
    """A cell as text a spreadsheet will not run: agency names and group names are typed by people."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(report.headers())
    for row in report.table():
        writer.writerow([_plain(value) for value in row])
    # A byte order mark, so Excel opens Kazakh and Russian text correctly.
    return ("\ufeff" + buffer.getvalue()).encode()


def as_xlsx(report: Report, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(report.headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in report.table():
        sheet.append([float(value) if hasattr(value, "as_tuple") else _plain(value) for value in row])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_pdf(report: Report, *, context: dict) -> bytes:
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    html = render_to_string("cohorts/reports/summary_pdf.html", {"report": report, **context})
    stylesheet = CSS(filename=finders.find("cohorts/summary_pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
