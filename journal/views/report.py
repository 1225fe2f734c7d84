"""The one-page report for a clinician: the page (prints on one sheet), its chart, its PDF."""

from __future__ import annotations

from csp.decorators import csp
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..report import PERIODS, build, chart, parse_period, pdf, text
from ..rules import evaluate
from ..snapshot import load_journal
from .charts import CHART_CSP
from .common import today


def _report(request: HttpRequest):
    journal = load_journal(request.user)
    day = today()
    period = parse_period(request.GET.get("period"))
    name = request.GET.get("name", "")
    return build(
        journal, evaluate(journal, day), day, period, name if isinstance(name, str) else ""
    )


@login_required
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    laid = pdf.page(report)  # the page and its printout hold what the PDF's page holds
    ctx = {
        "print_flags": laid.kept,
        "print_left_out": len(report.flags) - laid.kept,
        "report": report,
        "periods": list(PERIODS),
        "title": text.title(report),
        "who": text.who(report),
        "period_text": text.period(report),
        "site_header": text.SITE_HEADER,
        "site_rows": [
            list(zip(text.SITE_HEADER, row, strict=True)) for row in text.site_rows(report)
        ],
        "pain_lines": text.pain_lines(report),
        "worst_days": text.worst_days(report, laid.brief),
        "activity_line": text.activity_line(report),
        "height_line": text.height_line(report),
        "fracture_lines": text.fracture_lines(report),
        "medicine_lines": text.medicine_lines(report, laid.brief),
        "course_lines": text.course_lines(report, laid.brief),
        "mood_line": text.mood_line(report),
        "falls_line": text.falls_line(report),
        "footer": text.FOOTER,
        "chart_alt": chart.alt_text(report),
    }
    return render(request, "journal/report.html", ctx)


@login_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    response = HttpResponse(pdf.render(report), content_type="application/pdf")
    name = f"bone-journal-report-{report.end}-{report.period}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
@csp(CHART_CSP)
def report_chart(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(chart.render_svg(_report(request)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
