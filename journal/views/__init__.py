"""Thin function views by area: parse, call a form, a service or a pure function, render.

One view and one template per page; an htmx request gets the page's partial ("page.html#part"),
a plain request the whole page, so everything works without JavaScript.
"""

from .accounts import account_delete, signup
from .charts import chart
from .dashboard import dashboard, quick_pain
from .logs import log_delete, log_detail, log_edit, log_list, log_new
from .medicines import medicine_took
from .pages import guidance, profile

__all__ = [
    "account_delete",
    "chart",
    "dashboard",
    "guidance",
    "log_delete",
    "log_detail",
    "log_edit",
    "log_list",
    "log_new",
    "medicine_took",
    "profile",
    "quick_pain",
    "signup",
]
