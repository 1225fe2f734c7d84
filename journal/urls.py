from django.urls import path

from . import views
from .logs import LOGS

app_name = "journal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pain/quick/", views.quick_pain, name="pain_quick"),
    path("pain/<int:pk>/undo/", views.quick_undo, name="pain_undo"),
    path("profile/", views.profile, name="profile"),
    path("profile/reminders/", views.profile_reminders, name="profile_reminders"),
    path("profile/zone/", views.profile_zone, name="profile_zone"),
    path("profile/email/", views.profile_email, name="profile_email"),
    path("profile/email/confirm/<str:signed>/", views.email_confirm, name="email_confirm"),
    path("profile/calendar/", views.profile_calendar, name="profile_calendar"),
    path("calendar/<str:feed_token>.ics", views.calendar_feed_view, name="calendar_feed"),
    path("guidance/", views.guidance, name="guidance"),
    path("flags/discussed/", views.flag_discussed, name="flag_discussed"),
    path("flags/undiscussed/", views.flag_undiscussed, name="flag_undiscussed"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("charts/<slug:name>.svg", views.chart, name="chart"),
    path("export/", views.export_page, name="export"),
    path("export/journal.json", views.export_json, name="export_json"),
    path("export/journal-csv.zip", views.export_csv, name="export_csv"),
    path("export/fhir.json", views.export_fhir, name="export_fhir"),
    path("import/", views.import_page, name="import"),
    path("report/", views.report_page, name="report"),
    path("report/chart.svg", views.report_chart, name="report_chart"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("sleep/quick/", views.sleep_quick, name="sleep_quick"),
    path("treatments/<int:pk>/pain.svg", views.course_chart, name="treatments_chart"),
    path("insights/", views.insights, name="insights"),
    path("medicines/<int:pk>/took/", views.medicine_took, name="medicines_took"),
]

for key, log in LOGS.items():
    kw = {"log": key}
    urlpatterns += [
        path(f"{key}/", views.log_list, kw, name=f"{key}_list"),
        path(f"{key}/new/", views.log_new, kw, name=f"{key}_new"),
        path(f"{key}/<int:pk>/edit/", views.log_edit, kw, name=f"{key}_edit"),
        path(f"{key}/<int:pk>/delete/", views.log_delete, kw, name=f"{key}_delete"),
    ]
    if log.detail_context:
        urlpatterns.append(path(f"{key}/<int:pk>/", views.log_detail, kw, name=f"{key}_detail"))
