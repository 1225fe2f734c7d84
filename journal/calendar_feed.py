"""The private calendar feed (/calendar/<token>.ics) as iCalendar text, built with the
`icalendar` library from `reminders.calendar`: pure (the day and the time are arguments).

* Each scheduled medicine's next due date is an all-day event with two alarms: when the
  dashboard starts listing it (its window: 14 days before a denosumab injection, 7 before a
  monthly to yearly dose, the day before a weekly tablet) and at 9:00 on the day.
* The rescan's due date (the first day `bone.rescan_due` flags it) is an all-day event with an
  alarm two weeks before, time to book it.
* The daily log reminder is one event recurring every day at the person's chosen hour in their
  own time zone (with its VTIMEZONE), with an alarm as it starts.

Only names and dates: no score, no note, no result. Event UIDs are stable per medicine and per
person (a calendar moves an event when its date changes rather than adding another); the
UIDs carry the person's feed token's digest, never their id or name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo

from icalendar import Alarm, Calendar, Event, vDuration, vRecur

from .reminders import Calendar as Due
from .reminders import Dated

NAME = "Bone Journal reminders"
PRODID = "-//Bone Journal//Reminders//EN"
REFRESH = dt.timedelta(hours=6)  # how often a calendar is asked to fetch it again
ON_THE_DAY = dt.timedelta(hours=9)  # an all-day event's alarm at 9:00 on its day
DAILY_MINUTES = 15


def _alarm(trigger: dt.timedelta, text: str) -> Alarm:
    alarm = Alarm.new(description=text)
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", trigger)
    return alarm


def _all_day(item: Dated, prefix: str, stamp: dt.datetime, url: str) -> Event:
    event = Event.new(
        uid=f"{item.uid}.{prefix}@bonejournal",
        summary=item.title,
        start=item.date,
        end=item.date + dt.timedelta(days=1),
        stamp=stamp,
        transparency="TRANSPARENT",  # a reminder, not time that is busy
        url=url,
    )
    if item.alarm_days:
        before = f"{item.title} in {item.alarm_days} day{'s' if item.alarm_days != 1 else ''}"
        event.add_component(_alarm(ON_THE_DAY - dt.timedelta(days=item.alarm_days), before))
    event.add_component(_alarm(ON_THE_DAY, item.title))
    return event


def _daily(hour: int, zone: str, first: dt.date, prefix: str, stamp, url: str) -> Event:
    start = dt.datetime.combine(first, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(zone))
    event = Event.new(
        uid=f"daily-log.{prefix}@bonejournal",
        summary="Log today's pain in Bone Journal",
        description="A few taps on your dashboard keep your chart going, even on a good day.",
        start=start,
        end=start + dt.timedelta(minutes=DAILY_MINUTES),
        stamp=stamp,
        transparency="TRANSPARENT",
        url=url,
    )
    event.add("rrule", vRecur(freq="DAILY"))
    event.add_component(_alarm(dt.timedelta(0), "Log today's pain"))
    return event


def feed(due: Due, *, token: str, zone: str, since: dt.date, now: dt.datetime, url: str) -> bytes:
    """The feed's bytes. `since` is the daily reminder's first day (when the feed was made, so
    its UID and start never change); `now` stamps the events (DTSTAMP, UTC); `url` is the
    journal's address, on every event."""
    prefix = hashlib.sha256(token.encode()).hexdigest()[:16]
    stamp = now.astimezone(dt.UTC)
    calendar = Calendar.new(
        name=NAME,
        description="What is due in your Bone Journal: medicines, a DEXA scan, the daily log.",
        prodid=PRODID,
        refresh_interval=REFRESH,
        uid=f"feed.{prefix}@bonejournal",
    )
    # RFC 7986 requires the VALUE parameter on REFRESH-INTERVAL; the library leaves it out.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("x-published-ttl", vDuration(REFRESH))  # the older name of REFRESH-INTERVAL
    for item in due.dated:
        calendar.add_component(_all_day(item, prefix, stamp, url))
    if due.daily_hour is not None:
        calendar.add_component(_daily(due.daily_hour, zone, since, prefix, stamp, url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
