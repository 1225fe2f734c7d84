"""The one-page report for a clinician: a pure context from the snapshot and the findings
(`context.build`), drawn as an HTML page (templates/journal/report.html, printing on one A4 or
Letter page) and as a PDF made with matplotlib alone (`pdf.render`), its pain chart by `chart`.
"""

from .context import DEFAULT_PERIOD, PERIODS, Report, build, parse_period

__all__ = ["DEFAULT_PERIOD", "PERIODS", "Report", "build", "parse_period"]
