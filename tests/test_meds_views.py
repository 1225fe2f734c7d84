"""Medicines, doses, lab results and falls through their pages: "took it" with and without
JavaScript, the dashboard's medicines panel, the forms' rules and messages, the medicine's page,
the database constraints behind every limit, and the one writer."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DataError, IntegrityError, transaction

from journal import models as m
from journal import services
from journal.forms.control import TOKEN
from journal.logs import LOGS

from .builders import TODAY, ago, make_dose, make_lab, make_medicine

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

OVERDUE = '[data-flag="meds.denosumab_overdue"]'


def overdue_prolia(user) -> m.Medicine:
    """Prolia with its injection 7 months and 2 days ago: overdue."""
    prolia = make_medicine(user, date=dt.date(2024, 1, 1))
    make_dose(user, date=dt.date(2025, 11, 13), medicine=prolia)
    return prolia


def page(response) -> str:
    return response.content.decode()


# --- "took it" ------------------------------------------------------------------------------------


def test_took_it_with_htmx_logs_one_dose_today_and_answers_with_the_panel(
    owner_client, owner, htmx
):
    prolia = overdue_prolia(owner)
    response = owner_client.post(
        f"/medicines/{prolia.pk}/took/", HTTP_HX_TARGET="medicines", **htmx
    )
    assert response.status_code == 200
    assert "journal-changed" in response["HX-Trigger"]
    html = page(response)
    assert html.lstrip().startswith('<section id="medicines"')
    assert "<html" not in html
    assert "Saved: Prolia taken today at 12:00." in html
    assert 'hx-swap-oob="true">Saved: Prolia taken today.' in html
    dose = m.Dose.objects.get(user=owner, date=TODAY)
    assert (dose.medicine, dose.time, dose.amount) == (prolia, dt.time(12, 0), None)
    # It is no longer due: the panel offers no "took it" for it.
    assert f'action="/medicines/{prolia.pk}/took/"' not in html
    assert "Prolia</a>: due 15 Dec 2026 (in 183 days)" in html


def test_took_it_without_javascript_redirects_back_with_a_message(owner_client, owner):
    prolia = overdue_prolia(owner)
    response = owner_client.post(f"/medicines/{prolia.pk}/took/", {"next": "/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Saved: Prolia taken today at 12:00." in page(response)
    assert m.Dose.objects.filter(user=owner, date=TODAY).count() == 1
    assert "meds.denosumab_overdue" not in {f.code for f in response.context["flags"]}
    assert OVERDUE.strip("[]").replace('"', "") not in page(response).replace('"', "")


def test_took_it_goes_back_to_the_medicines_page_by_default_and_never_off_site(owner_client, owner):
    prolia = make_medicine(owner)
    for target in ("", "https://evil.example/", "//evil.example/"):
        response = owner_client.post(f"/medicines/{prolia.pk}/took/", {"next": target})
        assert response["Location"] == f"/medicines/{prolia.pk}/"
        assert "journal-changed" in response["HX-Trigger"]
    assert m.Dose.objects.filter(medicine=prolia).count() == 3


def test_a_repeated_took_it_tap_logs_one_dose_and_answers_like_the_first(owner_client, owner, htmx):
    """A double tap, or a browser sending the POST again, carries the same one-time token."""
    prolia = overdue_prolia(owner)
    html = page(owner_client.get("/"))
    token = re.search(
        rf'action="/medicines/{prolia.pk}/took/".*?name="submit_token" value="([^"]+)"', html, re.S
    ).group(1)
    url = f"/medicines/{prolia.pk}/took/"
    first = owner_client.post(url, {"submit_token": token}, HTTP_HX_TARGET="medicines", **htmx)
    again = owner_client.post(url, {"submit_token": token}, HTTP_HX_TARGET="medicines", **htmx)
    assert first.status_code == again.status_code == 200
    assert "Saved: Prolia taken today at 12:00." in page(again)
    assert m.Dose.objects.filter(medicine=prolia, date=TODAY).count() == 1
    # A new tap (a new token, as each page gives) is a new dose.
    owner_client.post(url, {"submit_token": "n" * 24})
    assert m.Dose.objects.filter(medicine=prolia, date=TODAY).count() == 2


def test_each_took_it_button_has_its_own_token(owner_client, owner):
    overdue_prolia(owner)
    make_medicine(owner, name="Alendronate", kind="bisphosphonate_oral", schedule="weekly")
    for path in ("/", f"/medicines/{m.Medicine.objects.first().pk}/took/"):
        tokens = re.findall(r'name="submit_token" value="([^"]+)"', page(owner_client.get(path)))
        assert tokens
        assert len(set(tokens)) == len(tokens)
        assert all(TOKEN.fullmatch(token) for token in tokens)


def test_a_repeat_of_a_tap_whose_dose_was_deleted_saves_nothing_and_says_so(owner_client, owner):
    prolia = overdue_prolia(owner)
    url = f"/medicines/{prolia.pk}/took/"
    owner_client.post(url, {"submit_token": "t" * 24, "next": "/"})
    m.Dose.objects.filter(medicine=prolia, date=TODAY).delete()
    response = owner_client.post(url, {"submit_token": "t" * 24, "next": "/"}, follow=True)
    assert "its dose of Prolia has been deleted since" in page(response)
    assert not m.Dose.objects.filter(medicine=prolia, date=TODAY).exists()


def test_took_it_get_asks_first_and_logs_nothing(owner_client, owner):
    prolia = make_medicine(owner)
    response = owner_client.get(f"/medicines/{prolia.pk}/took/?next=/")
    assert response.status_code == 200
    html = page(response)
    assert "Log a dose of Prolia today?" in html
    assert re.search(r'<form method="post" class="card">', html)
    assert '<input type="hidden" name="next" value="/">' in html
    assert not m.Dose.objects.exists()


def test_took_it_for_another_persons_medicine_is_a_404_and_logs_nothing(
    stranger_client, owner, htmx
):
    prolia = make_medicine(owner)
    for extra in ({}, htmx):
        assert stranger_client.post(f"/medicines/{prolia.pk}/took/", **extra).status_code == 404
        assert stranger_client.get(f"/medicines/{prolia.pk}/took/", **extra).status_code == 404
    assert not m.Dose.objects.exists()


def test_took_it_refuses_other_methods(owner_client, owner):
    prolia = make_medicine(owner)
    assert owner_client.put(f"/medicines/{prolia.pk}/took/").status_code == 405
    assert owner_client.delete(f"/medicines/{prolia.pk}/took/").status_code == 405


def test_took_it_records_the_time_in_the_persons_own_time_zone(owner_client, owner):
    m.Profile.objects.filter(user=owner).update(timezone="Pacific/Auckland")  # noon UTC: 00:00
    prolia = make_medicine(owner)
    owner_client.post(f"/medicines/{prolia.pk}/took/")
    dose = m.Dose.objects.get()
    assert (dose.date, dose.time) == (TODAY + dt.timedelta(days=1), dt.time(0, 0))


# --- the dashboard's medicines panel --------------------------------------------------------------


def test_dashboard_shows_an_overdue_medicine_with_took_it_and_the_warning(owner_client, owner):
    prolia = overdue_prolia(owner)
    make_medicine(owner, name="Paracetamol", kind="paracetamol", schedule="as_needed")
    make_medicine(owner, name="Adcal-D3", kind="calcium", schedule="daily")
    make_medicine(owner, name="Old", kind="calcium", schedule="daily", date=ago(9), stopped=ago(1))
    html = page(owner_client.get("/"))
    panel = html[html.index('<section id="medicines"') : html.index('<section id="flags"')]
    took = f"/medicines/{prolia.pk}/took/"
    assert f'action="{took}" hx-post="{took}"' in panel  # works with and without JavaScript
    assert "overdue by 33 days (due 13 May 2026)" in panel
    assert panel.index("Prolia") < panel.index("Paracetamol")  # overdue first
    assert "when needed" in panel
    assert "Also taking: " in panel
    assert "Adcal-D3</a>: every day, counted as taken" in panel
    assert "Old" not in panel  # stopped
    assert 'data-flag="meds.denosumab_overdue" data-level="warning"' in html


def test_dashboard_without_current_medicines_has_no_medicines_panel(owner_client, owner):
    assert 'id="medicines"' not in page(owner_client.get("/"))
    make_medicine(owner, kind="calcium", schedule="daily", date=ago(10), stopped=ago(1))
    assert 'id="medicines"' not in page(owner_client.get("/"))


def test_the_overdue_flags_evidence_links_to_the_dose_and_the_medicine(owner_client, owner):
    prolia = overdue_prolia(owner)
    dose = prolia.doses.get()
    html = page(owner_client.get("/"))
    flag = html[html.index('data-flag="meds.denosumab_overdue"') :]
    flag = flag[: flag.index('class="discuss"')]  # its parts and source, not the next flag
    assert f'href="/doses/{dose.pk}/edit/">Prolia taken on 13 Nov 2025</a>' in flag
    assert f'href="/medicines/{prolia.pk}/">Next dose of Prolia</a>' in flag
    assert "Source: Bone loss and chronic pain" in flag
    assert "Osteoporosis Canada 2023; ECTS 2021" in flag


# --- the medicine form ----------------------------------------------------------------------------

MEDICINE = {"name": "Prolia", "kind": "denosumab", "started": "2025-01-10"}


@pytest.mark.parametrize(
    ("kind", "schedule"),
    [
        ("denosumab", "every_6_months"),
        ("zoledronate", "yearly"),
        ("bisphosphonate_oral", "weekly"),
        ("paracetamol", "as_needed"),
        ("calcium", "daily"),
    ],
)
def test_a_medicine_left_on_the_usual_schedule_gets_its_kinds(owner_client, owner, kind, schedule):
    response = owner_client.post("/medicines/new/", MEDICINE | {"kind": kind, "schedule": ""})
    assert response.status_code == 302
    assert m.Medicine.objects.get(user=owner).schedule == schedule


def test_a_chosen_schedule_is_kept_whatever_the_kind(owner_client, owner):
    owner_client.post("/medicines/new/", MEDICINE | {"schedule": "monthly"})
    assert m.Medicine.objects.get(user=owner).schedule == "monthly"


def test_a_medicine_of_kind_other_needs_a_schedule(owner_client):
    response = owner_client.post("/medicines/new/", MEDICINE | {"kind": "other"})
    assert response.status_code == 200
    assert response.context["form"].errors["schedule"] == ["Choose how often you take it."]
    assert not m.Medicine.objects.exists()


def test_the_form_proposes_each_kinds_schedule_to_its_script(owner_client):
    html = page(owner_client.get("/medicines/new/"))
    assert 'data-usual="bisphosphonate_oral:weekly,zoledronate:yearly,denosumab:every_6_months' in (
        html
    )
    assert '<script src="/static/js/medicine-form.js" defer></script>' in html
    assert '(optional)</span></label>\n    <select name="schedule"' not in html
    assert re.search(r'<label for="id_schedule">How often</label>', html)


def test_started_is_the_entrys_date_and_edit_starts_from_it(owner_client, owner):
    owner_client.post("/medicines/new/", MEDICINE | {"stopped": "2025-07-01", "dose_amount": "60"})
    med = m.Medicine.objects.get(user=owner)
    assert (med.date, med.started, med.stopped) == (
        dt.date(2025, 1, 10),
        dt.date(2025, 1, 10),
        dt.date(2025, 7, 1),
    )
    assert med.dose_amount == Decimal("60")
    html = page(owner_client.get(f"/medicines/{med.pk}/edit/"))
    assert 'name="started" value="2025-01-10"' in html
    assert 'name="stopped" value="2025-07-01"' in html
    assert 'name="date"' not in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"stopped": "2025-01-09"}, "stopped", "The stop date is before the start date."),
        ({"stopped": "2026-06-16"}, "stopped", "That date is in the future"),
        ({"started": "2026-06-16"}, "started", "That date is in the future"),
        ({"started": ""}, "started", "Enter a date."),
        ({"name": "   "}, "name", "Enter the medicine's name, as you call it."),
        ({"name": "x" * 81}, "name", "Keep the name to 80 characters or fewer."),
        ({"kind": ""}, "kind", "Choose the kind of medicine."),
        ({"kind": "placebo"}, "kind", "Choose one of the listed options."),
        ({"schedule": "hourly"}, "schedule", "Choose one of the listed options."),
        ({"dose_amount": "0"}, "dose_amount", "Enter a number between 0.001 and 100000."),
        ({"dose_unit": "kg"}, "dose_unit", "Choose one of the listed options."),
    ],
)
def test_medicine_form_refuses_bad_input_with_a_message_by_the_field(
    owner_client, change, field, message
):
    response = owner_client.post("/medicines/new/", MEDICINE | change)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in page(response)
    assert not m.Medicine.objects.exists()


# --- the dose form --------------------------------------------------------------------------------


def test_a_new_dose_can_start_from_its_medicine(owner_client, owner):
    prolia = make_medicine(owner)
    html = page(owner_client.get(f"/doses/new/?medicine={prolia.pk}"))
    assert f'<option value="{prolia.pk}" selected>Prolia</option>' in html


@pytest.mark.parametrize("asked", ["\u00b2", "12345678901234567890", "-1", "x"])
def test_a_parent_asked_for_in_a_form_other_than_plain_digits_chooses_nothing(
    owner_client, owner, asked
):
    # "\u00b2" (a superscript two) is a digit to str.isdigit but not to int()
    prolia = make_medicine(owner)
    html = page(owner_client.get("/doses/new/", {"medicine": asked}))
    assert f'<option value="{prolia.pk}">Prolia</option>' in html


def test_the_dose_form_offers_only_the_persons_own_medicines(owner_client, owner, stranger):
    make_medicine(owner, name="Mine")
    make_medicine(stranger, name="Theirs")
    html = page(owner_client.get("/doses/new/"))
    assert ">Mine</option>" in html
    assert "Theirs" not in html


def test_a_dose_of_another_persons_medicine_reads_exactly_like_a_missing_one(
    owner_client, owner, stranger
):
    theirs = make_medicine(stranger, name="Theirs")
    post = {"date": "2026-06-01", "medicine": str(theirs.pk)}
    refused = owner_client.post("/doses/new/", post)
    missing = owner_client.post("/doses/new/", post | {"medicine": str(theirs.pk + 1000)})
    assert refused.status_code == missing.status_code == 200
    assert refused.context["form"].errors["medicine"] == ["Choose one of your medicines."]
    scrub = re.compile(rf"\b[A-Za-z0-9]{{64}}\b|\b{theirs.pk}\b|\b{theirs.pk + 1000}\b")
    assert scrub.sub("", page(refused)) == scrub.sub("", page(missing))
    assert "Theirs" not in page(refused)
    assert not m.Dose.objects.exists()


def test_the_writer_never_stores_a_dose_of_another_persons_medicine(owner, stranger):
    theirs = make_medicine(stranger)
    with pytest.raises(PermissionDenied):
        services.save_entry(LOGS["doses"], owner, {"medicine": theirs, "date": TODAY})
    with pytest.raises(PermissionDenied):
        services.took_it(LOGS["doses"], owner, theirs, TODAY)
    assert not m.Dose.objects.exists()
    assert services.journal_version(owner) == 0


def test_the_dose_list_names_each_medicine_and_links_to_it(owner_client, owner):
    prolia = make_medicine(owner, dose_unit="mg")
    make_dose(owner, date=ago(3), medicine=prolia, amount=Decimal("60.000"), time=dt.time(9, 5))
    html = page(owner_client.get("/doses/"))
    assert f'<a href="/medicines/{prolia.pk}/">Prolia</a> · 60 mg' in html
    assert "Fri 12 Jun 2026 09:05" in html


# --- the medicine's page --------------------------------------------------------------------------


def test_medicine_page_shows_where_it_stands_a_calendar_and_its_doses(owner_client, owner):
    pills = make_medicine(owner, name="Ibuprofen", kind="nsaid", schedule="as_needed")
    for day in (ago(1), ago(1), ago(40)):
        make_dose(owner, date=day, medicine=pills)
    html = page(owner_client.get(f"/medicines/{pills.pk}/"))
    assert "<h1>Ibuprofen</h1>" in html
    assert "When needed" in html
    assert "Taken on 1 of the last 30 days." in html
    assert html.count('<table class="cal">') == 6
    assert "<caption>June 2026: 1 day</caption>" in html
    assert "<caption>May 2026: 1 day</caption>" in html
    assert '<td class="taken">14<span class="vh"> taken</span></td>' in html
    assert html.count('/edit/">Edit<span class="vh"> the dose of') == 3
    assert f'action="/medicines/{pills.pk}/took/"' in html
    assert f'href="/doses/new/?medicine={pills.pk}"' in html


def test_medicine_list_shows_each_ones_next_due_date(owner_client, owner):
    overdue_prolia(owner)
    make_medicine(owner, name="Aclasta", kind="zoledronate", schedule="yearly")
    html = page(owner_client.get("/medicines/"))
    assert "Overdue by 33 days (due 13 May 2026)" in html
    assert "No dose logged yet" in html
    assert "last dose 13 Nov 2025" in html


def test_deleting_a_medicine_says_its_doses_go_with_it_then_deletes_them(owner_client, owner):
    prolia = overdue_prolia(owner)
    make_dose(owner, medicine=prolia)
    confirm = page(owner_client.get(f"/medicines/{prolia.pk}/delete/"))
    assert "Deleting it also deletes its 2 doses." in confirm
    owner_client.post(f"/medicines/{prolia.pk}/delete/")
    assert not m.Dose.objects.exists()


# --- lab results and falls ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "saved"),
    [
        ("1.0", "ng_ml", True),
        ("400.0", "ng_ml", True),
        ("2.5", "nmol_l", True),
        ("998.4", "nmol_l", True),
        ("0", "ng_ml", False),
        ("0.9", "ng_ml", False),
        ("400.1", "ng_ml", False),
        ("1000", "ng_ml", False),
        ("998.5", "nmol_l", False),
        ("-5", "nmol_l", False),
    ],
)
def test_a_vitamin_d_result_must_be_plausible_in_its_unit(owner_client, value, unit, saved):
    post = {"date": "2026-06-01", "test": "vitamin_d", "value": value, "unit": unit}
    response = owner_client.post("/labs/new/", post)
    assert (response.status_code == 302) is saved
    assert m.LabResult.objects.exists() is saved
    if not saved:
        (message,) = response.context["form"].errors["value"]
        assert message.startswith("A 25-OH vitamin D result in ")
        assert "check the number, and whether the report gives it in" in message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit": ""}, "Choose the unit printed on the report."),
        ({"value": "24.55"}, "Use at most 1 decimal place."),
        ({"value": "abc"}, "Enter the result as a number, such as 24.5."),
        ({"value": "123456"}, "Enter a result between 1 and 400 ng/mL, or 2.5 and 998.4 nmol/L."),
        ({"value": ""}, "Enter the result, as the report gives it."),
    ],
)
def test_lab_form_says_what_is_wrong(owner_client, change, message):
    post = {"date": "2026-06-01", "test": "vitamin_d", "value": "24.5", "unit": "ng_ml"} | change
    response = owner_client.post("/labs/new/", post)
    assert response.status_code == 200
    assert message in page(response)
    assert not m.LabResult.objects.exists()


def test_lab_list_shows_each_result_in_its_own_unit_and_converted(owner_client, owner):
    make_lab(owner, value="49.9", unit="nmol_l", date=ago(2))
    make_lab(owner, value="31.0", unit="ng_ml", date=ago(400))
    html = page(owner_client.get("/labs/"))
    assert "25-OH vitamin D: 49.9 nmol/L" in html
    assert "(= 19.99 ng/mL)" in html
    assert "below 20 ng/mL" in html
    assert "25-OH vitamin D: 31.0 ng/mL" in html
    assert "(= 77.4 nmol/L)" in html


def test_a_fall_is_saved_with_whether_it_injured(owner_client, owner):
    owner_client.post("/falls/new/", {"date": "2026-06-01", "injured": "on", "note": "Stairs."})
    owner_client.post("/falls/new/", {"date": "2026-06-10"})
    assert list(m.Fall.objects.values_list("injured", flat=True).order_by("date")) == [True, False]
    html = page(owner_client.get("/falls/"))
    assert "injured" in html
    assert "no injury" in html


def test_guidance_lists_the_new_rules_with_their_sources(client):
    html = page(client.get("/guidance/"))
    for code in (
        "meds.denosumab_due",
        "meds.denosumab_overdue",
        "meds.dose_due",
        "meds.pain_despite_otc",
        "meds.long_term_nsaid",
        "labs.vitamin_d_low",
        "body.falls",
    ):
        assert f'id="{code}"' in html
    assert "outside guidance: Osteoporosis Canada 2023; ECTS 2021" in html
    assert "outside guidance: NICE CG161; AGS/BGS 2010" in html


# --- every limit is a database constraint ---------------------------------------------------------


def _refused(**fields):
    # PostgreSQL refuses an over-long name by its column type (a DataError), SQLite by the check.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        fields["model"].objects.create(**{k: v for k, v in fields.items() if k != "model"})


@pytest.mark.parametrize(
    "bad",
    [
        {"name": ""},
        {"name": "  "},
        {"name": "x" * 81},
        {"kind": "placebo"},
        {"schedule": "hourly"},
        {"dose_unit": "kg"},
        {"dose_amount": Decimal("0")},
        {"dose_amount": Decimal("100000.001")},
        {"stopped": dt.date(2025, 12, 31)},
        {"date": dt.date(1899, 12, 31)},
    ],
)
def test_the_database_refuses_an_invalid_medicine(owner, bad):
    good = {
        "user": owner,
        "date": dt.date(2026, 1, 1),
        "name": "Prolia",
        "kind": "denosumab",
        "schedule": "every_6_months",
    }
    m.Medicine.objects.create(**good)  # the same, valid, is stored
    _refused(model=m.Medicine, **(good | bad))


@pytest.mark.parametrize(
    "bad",
    [
        {"value": Decimal("0.9"), "unit": "ng_ml"},
        {"value": Decimal("400.1"), "unit": "ng_ml"},
        {"value": Decimal("2.4"), "unit": "nmol_l"},
        {"value": Decimal("998.5"), "unit": "nmol_l"},
        {"unit": "mg"},
        {"test": "calcium"},
    ],
)
def test_the_database_refuses_an_implausible_lab_result(owner, bad):
    good = {"user": owner, "date": TODAY, "test": "vitamin_d", "value": Decimal("20.0")}
    m.LabResult.objects.create(**good, unit="ng_ml")
    _refused(model=m.LabResult, **({"unit": "ng_ml"} | good | bad))


def test_the_database_refuses_a_dose_amount_of_zero(owner):
    prolia = make_medicine(owner)
    _refused(model=m.Dose, user=owner, date=TODAY, medicine=prolia, amount=Decimal("0"))


# --- the snapshot and the demo journal ----------------------------------------------------------


def test_the_snapshot_reads_medicines_doses_labs_and_falls_oldest_first(owner, stranger):
    from journal.snapshot import load_journal

    prolia = make_medicine(owner, date=ago(400), stopped=ago(5), dose_amount=Decimal("60"))
    day = ago(10)
    late = make_dose(owner, date=day, medicine=prolia, time=dt.time(20, 0))
    untimed = make_dose(owner, date=day, medicine=prolia)
    early = make_dose(owner, date=ago(300), medicine=prolia)
    make_dose(stranger)
    make_lab(owner, date=ago(2), value="49.9", unit="nmol_l")
    m.Fall.objects.create(user=owner, date=ago(3), injured=True, note="Ice.")
    j = load_journal(owner)
    (med,) = j.medicines
    assert (med.id, med.started, med.stopped, med.dose_amount, med.schedule) == (
        prolia.pk,
        ago(400),
        ago(5),
        Decimal("60"),
        "every_6_months",
    )
    assert [x.id for x in j.doses] == [early.pk, untimed.pk, late.pk]
    assert {x.medicine_id for x in j.doses} == {prolia.pk}
    assert [(x.value, x.unit) for x in j.labs] == [(Decimal("49.9"), "nmol_l")]
    assert [(x.injured, x.note) for x in j.falls] == [(True, "Ice.")]


def test_the_demo_journal_has_a_denosumab_course_supplements_paracetamol_labs_and_a_fall():
    from journal.demo import seed_demo
    from journal.medicines import due_date
    from journal.rules import evaluate
    from journal.snapshot import load_journal

    today = dt.date(2026, 11, 21)
    j = load_journal(seed_demo(today))
    by_kind = {x.kind: x for x in j.medicines}
    assert set(by_kind) == {"denosumab", "calcium", "vitamin_d", "paracetamol"}
    assert (by_kind["calcium"].schedule, by_kind["vitamin_d"].schedule) == ("daily", "daily")
    injections = [x.date for x in j.doses if x.medicine_id == by_kind["denosumab"].id]
    assert len(injections) == 3
    pairs = zip(injections, injections[1:], strict=False)
    late = [b for a, b in pairs if b > due_date(a, "every_6_months")]
    assert len(late) == 1  # one injection given late, the others on time
    relief = [x for x in j.doses if x.medicine_id == by_kind["paracetamol"].id]
    painful = {p.date for p in j.pains if p.score >= 5}
    assert relief
    assert {x.date for x in relief} <= painful  # taken as needed, in the painful weeks
    assert [(x.unit, labs_low(x)) for x in j.labs] == [("nmol_l", True), ("ng_ml", False)]
    assert len(j.falls) == 1
    codes = {f.code for f in evaluate(j, today)}
    assert "meds.denosumab_due" in codes  # the next injection is due in about ten days
    assert "labs.vitamin_d_low" not in codes  # the latest result is fine


def labs_low(result) -> bool:
    from journal import labs

    return labs.vitamin_d_below(result.value, result.unit)
