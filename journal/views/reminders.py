"""The settings cards of /profile/ (units are with the profile's own form): reminders, an email
address, the calendar address; the address confirmation link; and the calendar feed itself,
the one page that answers without a log-in (its secret token is the key)."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import EmailMessage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import calendar_feed, mail, preferences, reminders, sender, services
from ..derived import snapshot
from ..forms import CalendarForm, EmailForm, ProfileForm, RemindersForm, UnitsForm
from ..models import CalendarFeed, Profile
from .common import today

PAGE = "journal/profile.html"
FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def profile_page(request: HttpRequest, status: int = 200, **forms) -> HttpResponse:
    """The profile page with its settings cards; `forms` are bound forms to show with their
    errors (the others start from what is stored)."""
    user = request.user
    instance, _ = Profile.objects.get_or_create(user=user)
    prefs = preferences.preferences_of(user)
    feed = preferences.feed_of(user)
    run = sender.last_run()
    schedule = getattr(user, "reminderschedule", None)
    ctx = {
        "form": forms.get("form")
        or ProfileForm(instance=instance, today=today(), units=prefs.units),
        "units_form": forms.get("units_form") or UnitsForm(initial={"units": prefs.units}),
        "reminders_form": forms.get("reminders_form")
        or RemindersForm(initial={f: getattr(prefs, f) for f in preferences.PREFERENCE_FIELDS}),
        "email_form": forms.get("email_form") or EmailForm(),
        "prefs": prefs,
        "email_on": mail.enabled(),
        "feed": feed,
        "feed_url": request.build_absolute_uri(reverse("journal:calendar_feed", args=[feed.token]))
        if feed
        else "",
        "sender_run": run,
        "sender_stale": sender.is_stale(run, timezone.now()),
        "last_sent": schedule.last_sent if schedule else None,
    }
    if ctx["feed_url"]:
        ctx["webcal_url"] = re.sub(r"^https?://", "webcal://", ctx["feed_url"])
    return render(request, PAGE, ctx, status=status)


@login_required
@require_POST
def profile_reminders(request: HttpRequest) -> HttpResponse:
    form = RemindersForm(request.POST)
    if not form.is_valid():
        return profile_page(request, reminders_form=form)
    data = dict(form.cleaned_data)
    if data["email_reminders"] and not (mail.enabled() and request.user.email):
        form.add_error(
            None,  # the page shows no email box without an address: the message goes on top
            "Confirm an email address first (below)."
            if mail.enabled()
            else "This journal's server does not send email.",
        )
        return profile_page(request, reminders_form=form)
    preferences.save_preferences(request.user, data)
    messages.success(request, "Reminders saved.")
    return redirect(reverse("journal:profile") + "#reminders-settings")


def _confirmation(request: HttpRequest, address: str) -> EmailMessage:
    token = preferences.email_token(request.user, address)
    link = request.build_absolute_uri(reverse("journal:email_confirm", args=[token]))
    ctx = {"user": request.user, "link": link, "days": preferences.EMAIL_LINK_DAYS}
    body = render_to_string("email/confirm_address.txt", ctx)
    return EmailMessage("Bone Journal: confirm your email address", body, to=[address])


@login_required
@require_POST
def profile_email(request: HttpRequest) -> HttpResponse:
    """Send a confirmation link to an address (it becomes the person's once they open it), or
    remove the address they have."""
    back = reverse("journal:profile") + "#email-settings"
    if "remove" in request.POST:
        preferences.remove_email(request.user)
        messages.success(request, "Email address removed: no more reminder emails.")
        return redirect(back)
    form = EmailForm(request.POST)
    if not mail.enabled():
        form.is_valid()
        form.add_error(None, "This journal's server does not send email.")
        return profile_page(request, email_form=form)
    if not form.is_valid():
        return profile_page(request, email_form=form)
    if not mail.within_limit("confirm", str(request.user.pk)):
        form.add_error(None, "Several links were sent already: wait a while, then try again.")
        return profile_page(request, status=429, email_form=form)
    address = form.cleaned_data["email"]
    mail.send_soon(_confirmation(request, address))
    messages.success(
        request,
        f"A link is on its way to {address}. Open it within {preferences.EMAIL_LINK_DAYS} days "
        "to confirm the address.",
    )
    return redirect(back)


@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """The link in a confirmation email: a page with one button (a link checker that opens the
    mail does not confirm anything), which confirms the address."""
    if request.method == "GET":
        return render(request, "journal/email_confirm.html")
    try:
        user = preferences.confirm_email(signed)
    except preferences.BadLink:
        return render(request, "journal/email_confirm.html", {"bad": True}, status=400)
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(request, f"Email address confirmed: {user.email}.")
        return redirect(reverse("journal:profile") + "#email-settings")
    return render(request, "journal/email_confirm.html", {"done": True})


@login_required
@require_POST
def profile_calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        if action == "remove":
            preferences.remove_feed(request.user)
            messages.success(request, "Calendar address turned off: it now answers nothing.")
        else:
            preferences.new_feed(request.user)
            messages.success(
                request,
                "New calendar address made: the old one no longer works."
                if action == "replace"
                else "Your calendar address is ready.",
            )
    return redirect(reverse("journal:profile") + "#calendar-settings")


@require_safe
def calendar_feed_view(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The private feed: what is due, as iCalendar. A wrong, old or malformed token is the
    site's ordinary 404, the same for all."""
    feed = None
    if FEED_TOKEN.fullmatch(feed_token):
        feed = (
            CalendarFeed.objects.filter(token=feed_token, user__is_active=True)
            .select_related("user", "user__profile")
            .first()
        )
    if feed is None:
        raise Http404("No such calendar.")
    user = feed.user
    profile = getattr(user, "profile", None) or Profile(user=user)
    now = timezone.now()
    local_today = now.astimezone(profile.zone).date()
    journal = snapshot(user, services.journal_version(user))
    body = calendar_feed.feed(
        reminders.calendar(journal, local_today),
        token=feed.token,
        zone=profile.zone.key,
        since=feed.created.astimezone(profile.zone).date(),
        now=now,
        url=request.build_absolute_uri(reverse("journal:dashboard")),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bone-journal.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
