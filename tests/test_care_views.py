"""The treatment, mood, sleep, PEG and insights pages: happy paths, the crisis guidance first,
the one-tap sleep row, the PEG prompt, htmx partials and another person's entries."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from journal import models as m

from .builders import (
    TODAY,
    make_exercise,
    make_mood,
    make_pain,
    make_peg,
    make_session,
    make_sleep,
    make_treatment,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PHQ_Q9 = {"date": "2026-06-15", **{f"q{i}": "1" for i in range(1, 9)}, "q9": "1"}
PHQ_OK = PHQ_Q9 | {"q9": "0"}
CRISIS = 'data-flag="mood.safety"'


def main_of(html: str) -> str:
    """The page's <main>, from its opening tag."""
    return html[html.index('<main id="main"') :]


def first_element_in_main(html: str) -> str:
    """The first element inside <main>: what a person (and a screen reader) meets first."""
    after = main_of(html).split(">", 1)[1]
    return re.search(r"<[a-z][^>]*>", after).group(0)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


# --- mood.safety: crisis guidance first -------------------------------------------------------


def test_a_phq9_with_question_9_answered_leads_to_its_page_with_crisis_guidance_first(
    owner_client, owner
):
    response = owner_client.post("/mood/new/", PHQ_Q9)
    entry = m.MoodQuestionnaire.objects.get(user=owner)
    assert response.status_code == 302
    assert response["Location"] == f"/mood/{entry.pk}/"
    html = owner_client.get(response["Location"]).content.decode()
    first = first_element_in_main(html)
    assert 'id="crisis"' in first
    assert CRISIS in first
    assert 'role="alert"' in first
    assert main_of(html).index("Please reach out for support now") < main_of(html).index(
        "Saved the PHQ-9 questionnaire."
    )


def test_an_htmx_save_answers_with_the_result_itself_crisis_guidance_first(
    owner_client, owner, htmx
):
    response = owner_client.post("/mood/new/", PHQ_Q9, **htmx)
    entry = m.MoodQuestionnaire.objects.get(user=owner)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    first = re.search(r'<div id="entry">\s*(<[a-z][^>]*>)', html).group(1)
    assert 'id="crisis"' in first
    assert html.index("Please reach out for support now") < html.index("Total 9 of 27: mild")
    assert response["HX-Push-Url"] == f"/mood/{entry.pk}/"
    assert response["HX-Retarget"] == "#main"
    assert "journal-changed" in response["HX-Trigger"]


def test_the_crisis_guidance_is_the_crisis_line_setting(owner_client, settings):
    settings.CRISIS_LINE = (
        "Call 999 in an emergency, or Samaritans on 116 123 (free, day or night)."
    )
    html = owner_client.post("/mood/new/", PHQ_Q9, follow=True).content.decode()
    crisis = html[html.index('id="crisis"') :]
    assert "Samaritans on 116 123" in crisis[: crisis.index("</section>")]


def test_the_default_crisis_line_names_the_local_emergency_number(owner_client):
    html = owner_client.post("/mood/new/", PHQ_Q9, follow=True).content.decode()
    crisis = html[html.index('id="crisis"') :]
    assert "call your local emergency number now" in crisis[: crisis.index("</section>")]


def test_the_dashboard_shows_crisis_guidance_first_while_the_rule_holds(owner_client, owner):
    make_mood(owner, date=ago(13), answers=(0, 0, 0, 0, 0, 0, 0, 0, 2))
    make_pain(owner, date=TODAY, score=8, onset="sudden", minor_trigger=True)  # another urgent
    html = owner_client.get("/").content.decode()
    assert CRISIS in first_element_in_main(html)


def test_the_dashboard_drops_the_crisis_panel_once_the_phq9_is_14_days_old(owner_client, owner):
    make_mood(owner, date=ago(14), answers=(0, 0, 0, 0, 0, 0, 0, 0, 2))
    html = owner_client.get("/").content.decode()
    assert 'id="crisis"' not in html


def test_a_phq9_with_question_9_at_0_shows_no_alarm_but_keeps_the_crisis_line_in_reach(
    owner_client, owner
):
    html = owner_client.post("/mood/new/", PHQ_OK, follow=True).content.decode()
    assert 'id="crisis"' not in html
    assert "If you need help now" in html
    assert "call your local emergency number now" in html
    for path in ("/mood/", "/mood/new/"):
        assert "call your local emergency number now" in owner_client.get(path).content.decode()


def test_the_saved_phq9_shows_its_total_and_band(owner_client):
    answers = {"date": "2026-06-15", **{f"q{i}": "2" for i in range(1, 10)}} | {"q9": "0"}
    html = owner_client.post("/mood/new/", answers, follow=True).content.decode()
    assert "Total 16 of 27: moderately severe" in html
    assert re.search(r'<li class="current" aria-current="true">.*moderately severe', html)


def test_a_total_of_10_or_more_shows_the_depression_screen_flag_on_its_page(owner_client):
    answers = {"date": "2026-06-15", **{f"q{i}": "2" for i in range(1, 6)}}
    answers |= {f"q{i}": "0" for i in range(6, 10)}
    html = owner_client.post("/mood/new/", answers, follow=True).content.decode()
    assert 'data-flag="mood.depression_screen" data-level="notice"' in html


def test_a_refused_phq9_names_each_missing_answer_and_saves_nothing(owner_client):
    response = owner_client.post("/mood/new/", {"date": "2026-06-15", "q1": "1"})
    assert response.status_code == 200
    assert b"Choose an answer for question 9." in response.content
    assert not m.MoodQuestionnaire.objects.exists()


# --- treatments and sessions ---------------------------------------------------------------------


@pytest.fixture
def course(owner):
    """An acupuncture course with six weekly sessions from 60 days ago, pain before and since."""
    course = make_treatment(owner, date=ago(62), name="Dr Chen")
    for n in range(6):
        make_session(owner, date=ago(60 - 7 * n), treatment=course, pain_before=6, pain_after=4)
    for n in range(1, 6):
        make_pain(owner, date=ago(60 + n), score=6)
    for n in range(5):
        make_pain(owner, date=ago(n), score=3)
    make_sleep(owner, date=ago(65), quality=2)
    make_sleep(owner, date=ago(2), quality=4)
    return course


def test_the_course_page_shows_before_since_and_latest_with_entry_counts(owner_client, course):
    response = owner_client.get(f"/treatments/{course.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "6 sessions logged" in html
    row = re.search(r"<tr><th scope=\"row\">Pain</th>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert [re.sub(r"<[^>]+>|\s+", " ", c).split() for c in cells] == [
        ["6.0", "5", "entries"],
        ["3.0", "5", "entries"],
        ["3.0", "5", "entries"],
    ]
    assert "Sleep quality" in html
    assert "PEG score" in html
    assert 'data-flag="treatment.response" data-level="good"' in html
    assert "it was 2.0 points lower just after, on average" in html
    assert f'src="/treatments/{course.pk}/pain.svg?v=' in html


def test_the_course_chart_is_an_svg_with_the_sessions_marked(owner_client, course):
    response = owner_client.get(f"/treatments/{course.pk}/pain.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"6 sessions marked" in response.content
    again = owner_client.get(
        f"/treatments/{course.pk}/pain.svg", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_another_persons_course_page_and_chart_are_404(stranger_client, course):
    assert stranger_client.get(f"/treatments/{course.pk}/").status_code == 404
    assert stranger_client.get(f"/treatments/{course.pk}/pain.svg").status_code == 404


def test_a_session_from_the_course_page_has_the_course_chosen_and_goes_back_to_it(
    owner_client, owner, course
):
    page = owner_client.get(f"/sessions/new/?treatment={course.pk}").content.decode()
    assert re.search(rf'<option value="{course.pk}" selected>', page)
    data = {"treatment": str(course.pk), "date": "2026-06-15", "minutes": "40"}
    response = owner_client.post(f"/sessions/new/?treatment={course.pk}", data)
    assert response["Location"] == f"/treatments/{course.pk}/"
    assert course.sessions.count() == 7


def test_the_dashboard_offers_a_session_of_each_latest_course(owner_client, course):
    html = owner_client.get("/").content.decode()
    assert f'href="/sessions/new/?treatment={course.pk}"' in html


def test_a_session_with_another_persons_course_is_refused_like_a_missing_one(
    owner_client, stranger
):
    theirs = make_treatment(stranger)
    data = {"treatment": str(theirs.pk), "date": "2026-06-15"}
    missing = owner_client.post("/sessions/new/", data | {"treatment": str(theirs.pk + 999)})
    response = owner_client.post("/sessions/new/", data)
    assert b"Choose one of your treatment courses." in response.content
    assert response.context["form"].errors == missing.context["form"].errors
    assert not m.TreatmentSession.objects.exists()


# --- sleep: one tap ------------------------------------------------------------------------------


def test_the_sleep_row_shows_five_buttons_until_the_night_is_answered(owner_client, owner):
    html = owner_client.get("/").content.decode()
    assert len(re.findall(r'<button type="submit" name="quality" value="[1-5]"', html)) == 5
    make_sleep(owner, date=TODAY)
    assert 'id="sleep"' not in owner_client.get("/").content.decode()


def test_yesterdays_sleep_entry_does_not_hide_todays_row(owner_client, owner):
    make_sleep(owner, date=ago(1))
    assert 'id="sleep"' in owner_client.get("/").content.decode()


def test_one_tap_saves_last_nights_sleep_and_answers_with_the_panel(owner_client, owner, htmx):
    response = owner_client.post("/sleep/quick/", {"quality": "4"}, **htmx)
    assert response.status_code == 200
    assert "journal-changed" in response["HX-Trigger"]
    html = response.content.decode()
    assert "Saved: good sleep last night." in html
    assert 'id="quick-status"' in html  # announced through the page's live region
    night = m.SleepEntry.objects.get(user=owner)
    assert (night.date, night.quality, night.hours) == (TODAY, 4, None)


def test_a_second_tap_changes_the_night_and_keeps_its_hours(owner_client, owner, htmx):
    make_sleep(owner, date=TODAY, quality=2, hours="6.5")
    owner_client.post("/sleep/quick/", {"quality": "5"}, **htmx)
    night = m.SleepEntry.objects.get(user=owner)
    assert (night.quality, str(night.hours)) == (5, "6.5")


def test_one_tap_without_javascript_goes_back_to_the_dashboard(owner_client, owner):
    response = owner_client.post("/sleep/quick/", {"quality": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert m.SleepEntry.objects.get(user=owner).quality == 1
    html = owner_client.get("/").content.decode()
    assert "Saved: very poor sleep on the night before 2026-06-15." in html


@pytest.mark.parametrize("as_htmx", [True, False])
def test_a_tap_out_of_range_says_so_and_saves_nothing(owner_client, htmx, as_htmx):
    response = owner_client.post("/sleep/quick/", {"quality": "6"}, **(htmx if as_htmx else {}))
    assert response.status_code == 200
    assert b"Choose how well you slept, from 1 to 5." in response.content
    assert (b"<html" in response.content) is not as_htmx
    assert not m.SleepEntry.objects.exists()


def test_the_sleep_tap_takes_only_post(owner_client):
    assert owner_client.get("/sleep/quick/").status_code == 405


# --- the PEG ------------------------------------------------------------------------------------


def test_the_peg_prompt_shows_when_none_was_given_in_the_last_7_days(owner_client, owner):
    make_peg(owner, date=ago(7))
    assert 'id="peg-prompt"' in owner_client.get("/").content.decode()


def test_the_peg_prompt_is_gone_with_one_6_days_ago(owner_client, owner):
    make_peg(owner, date=ago(6))
    assert 'id="peg-prompt"' not in owner_client.get("/").content.decode()


def test_a_saved_peg_shows_its_score(owner_client, owner):
    data = {"date": "2026-06-15", "pain": "5", "enjoyment": "4", "activity": "6"}
    html = owner_client.post("/peg/new/", data, follow=True).content.decode()
    assert "Saved: PEG score 5.0 out of 10, the average of 5, 4 and 6." in html


def test_the_peg_and_mood_lists_show_their_charts(owner_client, owner):
    make_peg(owner)
    make_mood(owner)
    assert 'src="/charts/peg.svg?range=1y&amp;v=' in owner_client.get("/peg/").content.decode()
    assert 'src="/charts/mood.svg?range=1y&amp;v=' in owner_client.get("/mood/").content.decode()


@pytest.mark.parametrize("name", ["mood", "peg"])
def test_the_mood_and_peg_charts_are_served(owner_client, owner, name):
    make_peg(owner)
    make_mood(owner)
    response = owner_client.get(f"/charts/{name}.svg?range=all")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"


# --- insights ----------------------------------------------------------------------------------


def test_insights_says_a_difference_is_not_proof_of_cause_and_compares_each_factor(
    owner_client, owner
):
    for n in range(24):
        make_pain(owner, date=ago(n), score=3 if n % 2 else 6)
        if n % 2:
            make_exercise(owner, date=ago(n))
    response = owner_client.get("/insights/")
    html = response.content.decode()
    assert "A difference between days is not proof of cause." in html
    exercise = re.search(r'data-factor="exercise">(.*?)</li>', html, re.S).group(1)
    assert "Pain was 3.0 points lower on days with exercise" in exercise
    strength = re.search(r'data-factor="strength">(.*?)</li>', html, re.S).group(1)
    assert "Not enough days yet" in strength
    assert response.context["range_key"] == "1y"


def test_insights_months_put_pain_beside_phq9_totals(owner_client, owner):
    make_pain(owner, date=dt.date(2026, 5, 2), score=6)
    make_mood(owner, date=dt.date(2026, 5, 20), answers=(2, 2, 2, 2, 2, 1, 1, 0, 0))
    html = owner_client.get("/insights/").content.decode()
    row = re.search(r"May 2026</th>(.*?)</tr>", html, re.S).group(1)
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td>(.*?)</td>", row)
    ]
    assert cells == ["6.0 (1)", "&ndash;", "&ndash;", "12 moderate"]


def test_insights_range_links_keep_their_href_and_htmx_gets_the_partial(owner_client, htmx):
    html = owner_client.get("/insights/?range=90d").content.decode()
    assert 'href="/insights/?range=all" hx-get="/insights/?range=all"' in html
    partial = owner_client.get("/insights/?range=all", HTTP_HX_TARGET="insights", **htmx)
    assert b'<div id="insights">' in partial.content
    assert b"<html" not in partial.content


def test_insights_is_in_the_navigation(owner_client):
    assert 'href="/insights/">Insights</a>' in owner_client.get("/").content.decode()


def test_insights_are_kept_until_the_journal_changes(owner_client, owner, monkeypatch):
    from journal import insights as ins

    calls = []
    real = ins.insights
    monkeypatch.setattr(ins, "insights", lambda *a: calls.append(1) or real(*a))
    owner_client.get("/insights/")
    owner_client.get("/insights/")
    assert len(calls) == 1
    owner_client.post(
        "/peg/new/", {"date": "2026-06-15", "pain": "1", "enjoyment": "1", "activity": "1"}
    )
    owner_client.get("/insights/")
    assert len(calls) == 2
