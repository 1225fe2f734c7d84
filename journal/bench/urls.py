"""The journal's URLs and the floor: the cheapest page a logged-in person can be sent."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from bonejournal.urls import urlpatterns as journal_urls


@login_required
def floor(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *journal_urls]
