"""Password reset by email (Django's views with the journal's templates), once the host has
configured email; without it, a page that says how the host sets a new password.

Throttled like log-in: PASSWORD_RESET_LIMIT requests from one address within the log-in
throttle's cool-off (then a 429 page), and as many emails to one account (more are dropped
without a word, so a stranger cannot fill someone's inbox). The answer is the same page, at
once, whether or not the address belongs to anyone: the email goes from a thread
(journal.mail.send_soon), and only to addresses the person confirmed.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from .. import mail
from ..throttle import address_of


class ResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="Your email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        max_length=254,
        error_messages={
            "required": "Enter the email address you confirmed in your journal.",
            "invalid": "Enter an email address like name@example.org.",
            "max_length": "An email address has at most 254 characters.",
        },
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        if not mail.within_limit("reset-account", str(context["user"].pk)):
            return  # enough links to this account for now: the page says the same either way
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        mail.send_soon(EmailMultiAlternatives(subject, body, from_email, [to_email]))


_reset = auth_views.PasswordResetView.as_view(
    form_class=ResetForm, success_url=reverse_lazy("password_reset_done")
)


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    if not mail.enabled():
        return render(request, "registration/password_reset_unavailable.html")
    if request.method == "POST" and not mail.within_limit("reset-address", address_of(request)):
        return render(request, "registration/password_reset_limited.html", status=429)
    return _reset(request)
