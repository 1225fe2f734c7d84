"""Bone density (DEXA): the WHO categories, change between scans, and when to scan.

* "Latest" per site is the latest scan that has that site (`Journal.latest_results`).
* T-scores and BMD are compared as `Decimal`s, so -2.5 is osteoporosis and -2.49 is not.
* `bone.decline` / `bone.improved`: each site's latest result against the same site's previous
  scan, one finding per site. The least significant change (LSC) is the latest scan's
  `lsc_percent` when entered (blank or zero is "not entered"), else 3%, of the previous BMD.
* `bone.rescan_due`: a journal whose scans carry no site results has no category; it gets the
  interval for a normal result.
* `bone.rescan_due`'s "a bone medicine is logged": a bone medicine (domain.BONE_MEDICINE_KINDS)
  not marked stopped, or stopped less than 730 days before today (729 counts, 730 does not); the
  latest such medicine is named.
* `bone.no_scan`: "back pain has been logged" is any pain entry at a back location scoring >= 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .. import domain as d
from ..snapshot import Medicine, Scan
from .registry import (
    Context,
    Item,
    bmd_item,
    dec,
    found,
    fracture_item,
    medicine_item,
    pain_item,
    rule,
    t_item,
)

AREA = "Bone density (DEXA)"
REVERSED, SPINAL, BONE_LOSS = (
    d.Source.REVERSED.label,
    d.Source.SPINAL.label,
    d.Source.BONE_LOSS.label,
)

SEVERE_BELOW = Decimal("-3.0")
NEAR_BORDER_FROM = Decimal("-2.9")
DECLINE_MIN = Decimal("0.1")
DECLINE_MARKED = Decimal("0.3")
IMPROVED_MIN = Decimal("0.1")
DEFAULT_LSC_PERCENT = Decimal(3)
RESCAN_LOW_DAYS = 730  # osteopenia or osteoporosis: re-measure every 1-2 years
RESCAN_NORMAL_DAYS = 1826  # normal: about 5 years (decision)
NO_SCAN_AGE = 50
BONE_MEDICINE_RECENT_DAYS = 730  # a bone medicine stopped less than 2 years ago still counts


def _t_items(pairs) -> list[Item]:
    return [t_item(scan, result) for scan, result in pairs]


@rule("bone.osteoporosis", "warning", (REVERSED, BONE_LOSS))
def bone_osteoporosis(ctx: Context):
    """T-score in the osteoporosis range

    The latest T-score at any scanned site is -2.5 or lower (exactly -2.5 counts). This is the
    WHO's osteoporosis range.
    """
    hits = [pair for pair in ctx.latest if dec(pair[1].t_score) <= d.OSTEOPOROSIS_AT]
    if hits:
        result = hits[0][1]
        yield found("warning", _t_items(hits), site=result.site, t=result.t_score)


@rule("bone.osteopenia", "notice", REVERSED)
def bone_osteopenia(ctx: Context):
    """T-score in the osteopenia range

    The lowest latest T-score is below -1.0 and above -2.5 (exactly -1.0 is normal). This is the
    WHO's osteopenia (low bone density) range.
    """
    if not ctx.latest:
        return
    lowest = ctx.latest[0][1]
    if d.OSTEOPOROSIS_AT < dec(lowest.t_score) < d.OSTEOPENIA_BELOW:
        hits = [pair for pair in ctx.latest if dec(pair[1].t_score) < d.OSTEOPENIA_BELOW]
        yield found("notice", _t_items(hits), site=lowest.site, t=lowest.t_score)


@rule("bone.severe", "warning", REVERSED)
def bone_severe(ctx: Context):
    """T-score below -3.0

    The lowest latest T-score is below -3.0 (exactly -3.0 does not count): bone density this low
    is hard to raise with exercise and diet alone, so medication is worth discussing.
    """
    hits = [pair for pair in ctx.latest if dec(pair[1].t_score) < SEVERE_BELOW]
    if hits:
        result = hits[0][1]
        yield found("warning", _t_items(hits), site=result.site, t=result.t_score)


@rule("bone.near_border", "info", REVERSED)
def bone_near_border(ctx: Context):
    """Close to the osteopenia border

    The lowest latest T-score is between -2.9 and -2.5, both included: with the right exercise
    and diet it may move back into the osteopenia range.
    """
    if not ctx.latest:
        return
    t = dec(ctx.latest[0][1].t_score)
    if NEAR_BORDER_FROM <= t <= d.OSTEOPOROSIS_AT:
        lowest = [pair for pair in ctx.latest if dec(pair[1].t_score) == t]
        yield found("info", _t_items(lowest), site=lowest[0][1].site, t=t)


def site_pairs(ctx: Context):
    """Per site (in site order), its previous and latest (scan, result), where it has two scans."""
    order = {site: i for i, site in enumerate(d.Site.values)}
    for site in sorted(ctx.journal.latest_results(), key=lambda s: (order.get(s, len(order)), s)):
        history = ctx.journal.site_history(site)
        if len(history) >= 2:
            yield history[-2], history[-1]


def _facilities(before, after) -> tuple[str, str] | None:
    """The two facilities' names when both are given and differ, else None."""
    a, b = before.facility.strip(), after.facility.strip()
    return (a, b) if a and b and a.casefold() != b.casefold() else None


def _pair_items(before, after) -> list[Item]:
    (s1, r1), (s2, r2) = before, after
    items = [t_item(s1, r1), t_item(s2, r2)]
    if r1.bmd is not None and r2.bmd is not None:
        items += [bmd_item(s1, r1), bmd_item(s2, r2)]
    return items


def least_significant_change(previous_bmd: Decimal, latest_scan) -> Decimal:
    """The smallest BMD drop (g/cm²) that counts as real: the latest scan's LSC percentage where
    entered (blank or 0 is "not entered"), else 3%, of the previous BMD."""
    percent = dec(latest_scan.lsc_percent) if latest_scan.lsc_percent else DEFAULT_LSC_PERCENT
    return dec(previous_bmd) * percent / Decimal(100)


def _change(before, after) -> dict:
    (s1, r1), (s2, r2) = before, after
    return {
        "site": r1.site,
        "t_before": dec(r1.t_score),
        "t_after": dec(r2.t_score),
        "date_before": s1.date,
        "date_after": s2.date,
        "category_before": r1.category,
        "category_after": r2.category,
        "facilities": _facilities(s1, s2),
    }


@rule(
    "bone.decline",
    ("notice", "warning"),
    f"{REVERSED} (the 2012-2018 case)",
    outside_guidance="ISCD least significant change",
    level_text="notice, or warning when the drop is larger",
)
def bone_decline(ctx: Context):
    """Bone density fell since the previous scan

    A site's latest T-score is at least 0.1 lower than at its previous scan. It is a warning
    when the drop is 0.3 or more, when the BMD (g/cm², where both scans have it) fell by at
    least the least significant change (the scan's own figure, else 3% of the earlier BMD), or
    when the site's WHO category got worse; otherwise a notice that the change may be within the
    scanner's precision. Scans from different facilities are hard to compare.
    """
    for before, after in site_pairs(ctx):
        (_, r1), (s2, r2) = before, after
        drop = dec(r1.t_score) - dec(r2.t_score)
        if drop < DECLINE_MIN:
            continue
        reasons, lsc = [], None
        if drop >= DECLINE_MARKED:
            reasons.append("marked_drop")
        if r1.bmd is not None and r2.bmd is not None:
            lsc = least_significant_change(r1.bmd, s2)
            if dec(r1.bmd) - dec(r2.bmd) >= lsc:
                reasons.append("bmd_beyond_lsc")
        if d.CATEGORY_RANK[r2.category] > d.CATEGORY_RANK[r1.category]:
            reasons.append("worse_category")
        level = "warning" if reasons else "notice"
        yield found(
            level,
            _pair_items(before, after),
            drop=drop,
            reasons=tuple(reasons),
            lsc=lsc,
            **_change(before, after),
        )


@rule("bone.improved", "good", REVERSED)
def bone_improved(ctx: Context):
    """Bone density improved

    A site's WHO category got better since its previous scan (for example from osteoporosis to
    osteopenia, which the document calls reversing osteoporosis), or its T-score rose by 0.1 or
    more.
    """
    for before, after in site_pairs(ctx):
        (_, r1), (_, r2) = before, after
        better = d.CATEGORY_RANK[r2.category] < d.CATEGORY_RANK[r1.category]
        if better or dec(r2.t_score) - dec(r1.t_score) >= IMPROVED_MIN:
            yield found(
                "good",
                _pair_items(before, after),
                better_category=better,
                **_change(before, after),
            )


def bone_medicine(ctx: Context):
    """The latest-started bone medicine not stopped, or stopped less than 2 years ago; or None."""
    for medicine in reversed(ctx.journal.medicines):
        if medicine.kind not in d.BONE_MEDICINE_KINDS:
            continue
        stopped = medicine.stopped
        if not medicine.stopped_by(ctx.today) or (
            (ctx.today - stopped).days < BONE_MEDICINE_RECENT_DAYS
        ):
            return medicine
    return None


@dataclass(frozen=True)
class RescanDue:
    date: dt.date  # the first day the rule holds: the latest scan's date + the interval + 1 day
    latest: Scan
    low: bool  # the overall category is osteopenia or osteoporosis
    medicine: Medicine | None  # the bone medicine that shortens the interval, if any


def rescan_due(ctx: Context) -> RescanDue | None:
    """When a new scan is due, as `bone.rescan_due` sees it on `ctx.today`: the first day its
    flag shows. The dashboard's reminder, the calendar feed and the emails all take this date."""
    scans = ctx.journal.scans
    if not scans:
        return None
    latest = max(scans, key=lambda scan: scan.date)
    low = ctx.category in d.LOW_CATEGORIES
    medicine = bone_medicine(ctx)
    interval = RESCAN_LOW_DAYS if low or medicine else RESCAN_NORMAL_DAYS
    # "More than `interval` days" old: the day after the interval ends.
    return RescanDue(latest.date + dt.timedelta(days=interval + 1), latest, low, medicine)


@rule("bone.rescan_due", "notice", f"{BONE_LOSS} (re-measure every 1-2 years)")
def bone_rescan_due(ctx: Context):
    """A new DEXA scan may be due

    The latest scan is more than 2 years (730 days) old while the overall category is osteopenia
    or osteoporosis or a bone medicine is taken (or was stopped less than 2 years ago), or more
    than 5 years (1826 days) old otherwise. The 5-year interval is the journal's own choice;
    outside guidance allows longer for people at low risk.
    """
    due = rescan_due(ctx)
    if due is not None and ctx.today >= due.date:
        latest, low, medicine = due.latest, due.low, due.medicine
        days = (ctx.today - latest.date).days
        item = Item(
            "scan", "dexa", latest.id, latest.date, {"days": days, "category": ctx.category}
        )
        items = [item] + ([medicine_item(medicine)] if medicine else [])
        yield found(
            "notice",
            items,
            date=latest.date,
            days=days,
            category=ctx.category,
            low=low,
            medicine=medicine.name if medicine else "",
        )


@rule("bone.no_scan", "notice", (BONE_LOSS, SPINAL))
def bone_no_scan(ctx: Context):
    """No bone density scan yet

    No scan is recorded, and the person is 50 or older, or has recorded a fracture from minimal
    trauma, or has logged back pain (a score of 1 or more).
    """
    journal = ctx.journal
    if journal.scans:
        return
    reasons, items = [], []
    if ctx.age is not None and ctx.age >= NO_SCAN_AGE:
        reasons.append("age")
        items.append(
            Item(
                "birth_year", "profile", values={"year": journal.profile.birth_year, "age": ctx.age}
            )
        )
    fragile = [f for f in journal.fractures if f.minimal_trauma]
    if fragile:
        reasons.append("fragility_fracture")
        items += [fracture_item(f) for f in fragile]
    back = [p for p in journal.pains if p.at_back and p.score >= 1]
    if back:
        reasons.append("back_pain")
        items.append(pain_item(back[-1], "latest_back_pain", back_count=len(back)))
    if reasons:
        yield found("notice", items, reasons=tuple(reasons))
