from django.contrib import admin
from django.urls import include, path

from journal import views as journal_views

urlpatterns = [
    path("accounts/signup/", journal_views.signup, name="signup"),
    path("accounts/delete/", journal_views.account_delete, name="account_delete"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("journal.urls")),
]
