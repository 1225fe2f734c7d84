"""Nothing stored is lost, nothing deleted comes back, nothing is stored twice.

- A stale edit (another tab saved the entry after this form was drawn) is refused, and the person
  sees both versions to choose from (forms.control's `entry_version`, checked by
  services.save_entry inside its transaction).
- An edit of an entry that has been deleted is a clear message and never an insert.
- A repeated submit token (a double tap, a retried post) returns the first result and stores
  nothing new, on every log's form and on the dashboard's quick entry.
- A POST without these hidden fields (an outside tool's) is accepted as before.

The same races between real processes, on SQLite and PostgreSQL, are in test_serving.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from journal import models as m
from journal import services
from journal.forms import PainForm
from journal.logs import LOGS

from .builders import MAKERS, TODAY, make_pain, with_parent
from .test_urls_ownership import VALID_POST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

HIDDEN = re.compile(r'<input type="hidden" name="(entry_version|submit_token)" value="([^"]*)"')


def hidden(response) -> dict[str, str]:
    """The hidden fields of the page's form, as the browser would send them back."""
    return dict(HIDDEN.findall(response.content.decode()))


def other_tab(user) -> Client:
    tab = Client()
    tab.force_login(user)
    return tab


def stored(entry) -> dict:
    values = type(entry).objects.values().get(pk=entry.pk)
    values.pop("updated_at")
    return values


# --- Lost updates ---------------------------------------------------------------------------------


def test_a_stale_tab_cannot_silently_revert_another_tabs_note(owner, owner_client):
    """The issue's case: tab B saves a note, tab A (opened before) saves a score."""
    entry = make_pain(owner, date=TODAY, score=4, locations=["neck"], note="")
    tab_a, tab_b = owner_client, other_tab(owner)
    page_a = tab_a.get(f"/pain/{entry.pk}/edit/")
    page_b = tab_b.get(f"/pain/{entry.pk}/edit/")
    form = {"date": "2026-06-15", "locations": ["neck"]}
    saved_b = tab_b.post(
        f"/pain/{entry.pk}/edit/", form | {"score": "4", "note": "after the walk"} | hidden(page_b)
    )
    assert saved_b.status_code == 302
    stale_a = tab_a.post(f"/pain/{entry.pk}/edit/", form | {"score": "7"} | hidden(page_a))

    assert stale_a.status_code == 200
    page = stale_a.content.decode()
    assert "was changed (in another tab or on another device) after you opened it" in page
    assert "nothing was saved" in page
    conflict = {row.label: (row.saved, row.yours) for row in stale_a.context["conflict"]}
    assert conflict == {
        "Pain score (0 = none, 10 = worst)": ("4", "7"),
        "Note": ("after the walk", "(empty)"),
    }
    for text in ("Saved now", "Yours", "Save yours over it", "Keep what is saved"):
        assert text in page
    entry.refresh_from_db()
    assert (entry.score, entry.note) == (4, "after the walk")  # tab B's save stands


def test_saving_again_from_the_conflict_page_keeps_the_persons_own_values(owner, owner_client):
    entry = make_pain(owner, date=TODAY, score=4, locations=["neck"])
    page = owner_client.get(f"/pain/{entry.pk}/edit/")
    services.save_entry(
        LOGS["pain"], owner, {"date": TODAY, "score": 5, "locations": ["hip"]}, entry
    )
    form = {"date": "2026-06-15", "score": "8", "locations": ["neck"], "note": "mine"}
    conflict = owner_client.post(f"/pain/{entry.pk}/edit/", form | hidden(page))
    assert conflict.status_code == 200
    # The page now carries the stored version: sending it again is the choice to keep one's own.
    again = owner_client.post(f"/pain/{entry.pk}/edit/", form | hidden(conflict))
    assert again.status_code == 302
    entry.refresh_from_db()
    assert (entry.score, entry.locations, entry.note) == (8, ["neck"], "mine")


@pytest.mark.parametrize("key", list(LOGS))
def test_every_logs_edit_form_refuses_a_stale_save_and_changes_nothing(key, owner, owner_client):
    entry = MAKERS[key](owner, date=TODAY - dt.timedelta(days=3))
    path = f"/{key}/{entry.pk}/edit/"
    tab_a, tab_b = owner_client, other_tab(owner)
    page_a, page_b = tab_a.get(path), tab_b.get(path)
    assert re.fullmatch(r"[0-9a-f]{32}", hidden(page_a)["entry_version"])
    valid = with_parent(key, owner, VALID_POST[key])
    assert tab_b.post(path, valid | hidden(page_b)).status_code == 302
    after_b = stored(entry)

    date_field = LOGS[key].form.DATE_FIELD  # a course's is `started`
    stale = tab_a.post(path, valid | {date_field: "2025-01-03"} | hidden(page_a))

    assert stale.status_code == 200
    assert "after you opened it" in stale.content.decode()
    date_label = LOGS[key].form.base_fields[date_field].label
    assert date_label in [row.label for row in stale.context["conflict"]]
    assert stored(entry) == after_b


@pytest.mark.parametrize("key", list(LOGS))
def test_an_edit_without_the_version_field_is_saved_as_before(key, owner, owner_client):
    """Outside tools send only the contract's fields."""
    entry = MAKERS[key](owner, date=TODAY - dt.timedelta(days=3))
    response = owner_client.post(
        f"/{key}/{entry.pk}/edit/", with_parent(key, owner, VALID_POST[key])
    )
    assert response.status_code == 302
    assert stored(entry)["date"] == dt.date(2025, 1, 2)


def test_a_save_elsewhere_that_changed_nothing_the_form_shows_is_no_conflict(owner, owner_client):
    entry = make_pain(owner, date=TODAY, score=4, locations=["neck"], note="same")
    page = owner_client.get(f"/pain/{entry.pk}/edit/")
    data = {"date": TODAY, "score": 4, "locations": ["neck"], "note": "same", "time": None}
    services.save_entry(LOGS["pain"], owner, data, entry)  # saved again, unchanged
    form = {"date": "2026-06-15", "score": "6", "locations": ["neck"], "note": "same"}
    response = owner_client.post(f"/pain/{entry.pk}/edit/", form | hidden(page))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.score == 6


def test_a_dexa_scans_version_covers_its_site_results(owner):
    scan = MAKERS["dexa"](owner)
    before = LOGS["dexa"].form.version_of(scan)
    m.DexaSiteResult.objects.filter(scan=scan).update(t_score=Decimal("-2.70"))
    assert LOGS["dexa"].form.version_of(scan) != before


def test_a_version_is_the_same_for_the_same_values_however_loaded(owner):
    entry = MAKERS["height"](owner, height_cm="165.0")
    form = LOGS["height"].form
    assert form.version_of(entry) == form.version_of(m.HeightMeasurement.objects.get())
    assert re.fullmatch(r"[0-9a-f]{32}", form.version_of(entry))


def test_the_service_refuses_a_stale_version_inside_its_transaction(owner):
    log = LOGS["height"]
    entry = MAKERS["height"](owner)
    seen = log.form.version_of(entry)
    services.save_entry(log, owner, {"date": TODAY, "height_cm": Decimal("164.0")}, entry)
    version_after = services.journal_version(owner)
    with pytest.raises(services.StaleEntry) as refused:
        services.save_entry(
            log, owner, {"date": TODAY, "height_cm": Decimal("170.0")}, entry, version=seen
        )
    assert refused.value.current.height_cm == Decimal("164.0")
    assert m.HeightMeasurement.objects.get().height_cm == Decimal("164.0")
    assert services.journal_version(owner) == version_after  # nothing written, no new version


# --- A deleted entry does not come back -----------------------------------------------------------


def test_an_edit_of_an_entry_deleted_before_the_save_writes_nothing(owner):
    """What the race did: the edit's save() found no row to UPDATE and INSERTed it again."""
    log = LOGS["pain"]
    entry = make_pain(owner)
    loaded = m.PainEntry.objects.get(pk=entry.pk)  # the view's copy
    services.delete_entry(log, entry)
    with pytest.raises(services.EntryGone):
        services.save_entry(log, owner, {"date": TODAY, "score": 9, "locations": ["neck"]}, loaded)
    assert not m.PainEntry.objects.exists()


def test_an_edit_racing_a_delete_answers_with_a_clear_message_and_no_row(
    owner, owner_client, monkeypatch
):
    """The delete lands between the edit's lookup and its save (the window of the race)."""
    entry = make_pain(owner, note="to go")
    page = owner_client.get(f"/pain/{entry.pk}/edit/")
    save = services.save_entry

    def deleted_first(log, user, data, instance=None, **kw):
        m.PainEntry.objects.filter(pk=instance.pk).delete()
        return save(log, user, data, instance, **kw)

    monkeypatch.setattr(services, "save_entry", deleted_first)
    form = {"date": "2026-06-15", "score": "9", "locations": ["neck"], "note": "edited"}
    response = owner_client.post(f"/pain/{entry.pk}/edit/", form | hidden(page))
    assert response.status_code == 404
    page_text = response.content.decode()
    assert "was deleted (in another tab or on another device) after you opened it" in page_text
    assert "Save as a new entry" in page_text
    assert "edited</textarea>" in page_text  # what they typed is still there
    assert not m.PainEntry.objects.exists()


def test_an_edit_arriving_after_the_delete_keeps_what_was_typed_for_a_new_entry(
    owner, owner_client
):
    entry = make_pain(owner)
    page = owner_client.get(f"/pain/{entry.pk}/edit/")
    assert other_tab(owner).post(f"/pain/{entry.pk}/delete/").status_code == 302
    form = {"date": "2026-06-15", "score": "9", "locations": ["neck"], "note": "kept"}
    gone = owner_client.post(f"/pain/{entry.pk}/edit/", form | hidden(page))
    assert gone.status_code == 404
    assert 'action="/pain/new/"' in gone.content.decode()
    assert not m.PainEntry.objects.exists()
    again = owner_client.post("/pain/new/", form | hidden(gone))  # "Save as a new entry"
    assert again.status_code == 302
    assert m.PainEntry.objects.get().note == "kept"


# --- Double submits -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(LOGS))
def test_a_repeated_submit_stores_one_entry_and_answers_like_the_first(key, owner, owner_client):
    page = owner_client.get(f"/{key}/new/")
    token = hidden(page)["submit_token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", token)
    post = with_parent(key, owner, VALID_POST[key]) | hidden(page)
    first = owner_client.post(f"/{key}/new/", post)
    repeat = owner_client.post(f"/{key}/new/", post)
    assert first.status_code == repeat.status_code == 302
    assert first["Location"] == repeat["Location"]
    assert LOGS[key].model.objects.filter(user=owner).count() == 1
    assert m.SubmitToken.objects.get(token=token).entry_id == LOGS[key].model.objects.get().pk


@pytest.mark.parametrize("key", list(LOGS))
def test_posts_without_a_token_or_with_new_tokens_each_store_an_entry(key, owner, owner_client):
    valid = with_parent(key, owner, VALID_POST[key])
    date_field = LOGS[key].form.DATE_FIELD
    # Each on a day of its own: a night's sleep is one entry whatever the number of saves.
    days = iter(f"2025-01-0{day}" for day in range(1, 5))
    owner_client.post(f"/{key}/new/", valid | {date_field: next(days)})
    owner_client.post(
        f"/{key}/new/", valid | {date_field: next(days)}
    )  # an outside tool: as before
    for _ in range(2):  # two forms, two tokens: two entries, as the person meant
        page = owner_client.get(f"/{key}/new/")
        owner_client.post(f"/{key}/new/", valid | {date_field: next(days)} | hidden(page))
    assert LOGS[key].model.objects.filter(user=owner).count() == 4


def test_a_repeated_edit_submit_is_answered_once(owner, owner_client):
    entry = make_pain(owner, score=2)
    before = services.journal_version(owner)
    page = owner_client.get(f"/pain/{entry.pk}/edit/")
    post = {"date": "2026-06-15", "score": "5", "locations": ["hip"]} | hidden(page)
    assert owner_client.post(f"/pain/{entry.pk}/edit/", post).status_code == 302
    # The repeat's version is now stale, but its token names the first save: not a conflict.
    assert owner_client.post(f"/pain/{entry.pk}/edit/", post).status_code == 302
    assert services.journal_version(owner) == before + 1  # one write


def test_a_double_tap_on_quick_entry_stores_one_entry(owner, owner_client, htmx):
    page = owner_client.get("/")
    post = {"score": "7", "locations": ["lower_back"]} | hidden(page)
    assert hidden(page)["submit_token"]
    first = owner_client.post("/pain/quick/", post, **htmx)
    repeat = owner_client.post("/pain/quick/", post, **htmx)
    assert first.status_code == repeat.status_code == 200
    assert "Saved: pain 7/10" in repeat.content.decode()
    latest = re.compile(r'href="/pain/(\d+)/edit/[?"]')  # the recent list's newest entry
    assert latest.search(first.content.decode())[1] == latest.search(repeat.content.decode())[1]
    assert m.PainEntry.objects.count() == 1
    # The panel that comes back carries a new token, for the next entry.
    assert hidden(repeat)["submit_token"] != post["submit_token"]


def test_a_retried_quick_entry_without_javascript_stores_one_entry(owner, owner_client):
    page = owner_client.get("/")
    post = {"score": "3", "locations": ["neck"]} | hidden(page)
    assert owner_client.post("/pain/quick/", post).status_code == 302
    assert owner_client.post("/pain/quick/", post).status_code == 302
    assert m.PainEntry.objects.count() == 1


def test_one_persons_token_is_nothing_to_another(owner, stranger, owner_client, stranger_client):
    token = {"submit_token": "the-same-token-for-both-12"}
    post = VALID_POST["height"] | token
    assert owner_client.post("/height/new/", post).status_code == 302
    assert stranger_client.post("/height/new/", post).status_code == 302
    assert m.HeightMeasurement.objects.filter(user=owner).count() == 1
    assert m.HeightMeasurement.objects.filter(user=stranger).count() == 1


def test_a_token_whose_entry_was_deleted_stores_nothing_when_repeated(owner, owner_client):
    page = owner_client.get("/height/new/")
    post = VALID_POST["height"] | hidden(page)
    owner_client.post("/height/new/", post)
    services.delete_entry(LOGS["height"], m.HeightMeasurement.objects.get())
    repeat = owner_client.post("/height/new/", post)
    assert repeat.status_code == 404
    assert not m.HeightMeasurement.objects.exists()


def test_tokens_older_than_two_days_are_forgotten(owner, frozen_today):
    log = LOGS["height"]
    services.save_entry(log, owner, {"date": TODAY, "height_cm": Decimal("160")}, token="a" * 20)
    frozen_today.shift(dt.timedelta(days=services.SUBMIT_TOKEN_DAYS, seconds=1))
    services.save_entry(log, owner, {"date": TODAY, "height_cm": Decimal("161")}, token="b" * 20)
    assert list(m.SubmitToken.objects.values_list("token", flat=True)) == ["b" * 20]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("submit_token", "short"),
        ("submit_token", "has spaces in it, 1234567"),
        ("submit_token", "x" * 65),
        ("entry_version", "not-a-version"),
        ("entry_version", "A" * 32),
        ("entry_version", "0" * 10_000),
    ],
)
def test_a_malformed_hidden_field_is_refused_with_a_clear_message(
    field, value, owner, owner_client
):
    entry = make_pain(owner)
    for path in ("/pain/new/", f"/pain/{entry.pk}/edit/", "/pain/quick/"):
        response = owner_client.post(path, VALID_POST["pain"] | {field: value})
        assert response.status_code == 200, path
        assert "reload the page and enter it again" in response.content.decode()
    assert m.PainEntry.objects.count() == 1
    assert not m.SubmitToken.objects.exists()


def test_the_hidden_fields_are_not_stored_in_the_entry(owner):
    form = PainForm(
        {
            "date": "2026-06-15",
            "score": "4",
            "locations": ["neck"],
            "submit_token": "t" * 24,
            "entry_version": "0" * 32,
        },
        today=TODAY,
    )
    assert form.is_valid(), form.errors
    assert not {"submit_token", "entry_version"} & set(form.entry_data())
    assert form.control() == {"version": "0" * 32, "token": "t" * 24}


def test_a_repeated_quick_entry_whose_first_was_deleted_gets_a_fresh_panel(
    owner, owner_client, htmx
):
    page = owner_client.get("/")
    post = {"score": "2", "locations": ["knee"]} | hidden(page)
    owner_client.post("/pain/quick/", post, **htmx)
    m.PainEntry.objects.all().delete()
    repeat = owner_client.post("/pain/quick/", post, **htmx)
    assert repeat.status_code == 200
    assert 'id="quick"' in repeat.content.decode()
    assert "<html" not in repeat.content.decode()  # the panel, not the page drawn inside it
    assert hidden(repeat)["submit_token"] != post["submit_token"]
    assert not m.PainEntry.objects.exists()
    plain = owner_client.post("/pain/quick/", post)
    assert plain.status_code == 302


def test_the_conflict_table_writes_values_as_the_person_typed_them(owner, owner_client):
    entry = MAKERS["height"](owner, height_cm="150.0")
    page = owner_client.get(f"/height/{entry.pk}/edit/")
    data = {"date": TODAY, "height_cm": Decimal("160.0"), "note": ""}
    services.save_entry(LOGS["height"], owner, data, entry)
    form = {"date": "2026-06-15", "height_cm": "165.5"}
    conflict = owner_client.post(f"/height/{entry.pk}/edit/", form | hidden(page))
    rows = {row.label: (row.saved, row.yours) for row in conflict.context["conflict"]}
    assert rows == {"Height (cm)": ("160", "165.5")}
