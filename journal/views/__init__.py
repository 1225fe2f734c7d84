"""Thin function views by area: parse, call a form, a service or a pure function, render.

One view and one template per page; an htmx request gets the page's partial ("page.html#part"),
a plain request the whole page, so everything works without JavaScript.
"""

from .accounts import account_delete, signup
from .app import offline, service_worker
from .care import course_chart, sleep_quick
from .charts import chart
from .dashboard import dashboard, quick_pain, quick_undo
from .flags import flag_discussed, flag_undiscussed
from .insights import insights
from .interop import export_csv, export_fhir, export_json, export_page, import_page
from .logs import log_delete, log_detail, log_edit, log_list, log_new
from .medicines import medicine_took
from .pages import guidance, profile
from .passwords import password_reset
from .reminders import (
    calendar_feed_view,
    email_confirm,
    profile_calendar,
    profile_email,
    profile_reminders,
)
from .report import report_chart, report_page, report_pdf
from .zone import profile_zone

__all__ = [
    "account_delete",
    "calendar_feed_view",
    "email_confirm",
    "profile_calendar",
    "profile_email",
    "profile_reminders",
    "profile_zone",
    "chart",
    "course_chart",
    "dashboard",
    "export_csv",
    "export_fhir",
    "export_json",
    "export_page",
    "flag_discussed",
    "flag_undiscussed",
    "guidance",
    "import_page",
    "insights",
    "log_delete",
    "log_detail",
    "log_edit",
    "log_list",
    "log_new",
    "medicine_took",
    "offline",
    "password_reset",
    "profile",
    "quick_pain",
    "quick_undo",
    "report_chart",
    "report_page",
    "report_pdf",
    "service_worker",
    "signup",
    "sleep_quick",
]
