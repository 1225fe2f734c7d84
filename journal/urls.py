from django.urls import path

from . import views
from .logs import LOGS

app_name = "journal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pain/quick/", views.quick_pain, name="pain_quick"),
    path("profile/", views.profile, name="profile"),
    path("guidance/", views.guidance, name="guidance"),
    path("charts/<slug:name>.svg", views.chart, name="chart"),
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
