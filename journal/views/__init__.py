"""Thin function views by area: parse, call a form, a service or a pure function, render.

One view and one template per page; an htmx request gets the page's partial ("page.html#part"),
a plain request the whole page, so everything works without JavaScript.
"""

from .accounts import account_delete, signup
from .care import course_chart, sleep_quick
from .charts import chart
from .dashboard import dashboard, quick_pain
from .insights import insights
from .logs import log_delete, log_detail, log_edit, log_list, log_new
from .pages import guidance, profile

__all__ = [
    "account_delete",
    "chart",
    "course_chart",
    "dashboard",
    "guidance",
    "insights",
    "log_delete",
    "log_detail",
    "log_edit",
    "log_list",
    "log_new",
    "profile",
    "quick_pain",
    "signup",
    "sleep_quick",
]
