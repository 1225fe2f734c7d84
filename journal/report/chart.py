"""The report's small pain chart: daily means and their 7-day rolling mean over the period, drawn
on a matplotlib Axes (the PDF's page, or a figure of its own for the HTML page's SVG)."""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

import matplotlib
import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator

from .. import domain as d
from ..charts.draw import _RENDER_LOCK
from ..charts.style import BLUE, RC, SKY, VERMILLION
from .context import Report

SIZE = (7.0, 1.7)  # inches: a strip across the page


def draw(ax, report: Report, fontsize: float = 7) -> None:
    pain = report.pain
    ax.axhspan(d.SEVERE_PAIN_FROM, 10.4, color=VERMILLION, alpha=0.08, lw=0, zorder=0)
    if pain.daily:
        x, y = zip(*pain.daily, strict=True)
        ax.plot(x, y, ls="none", marker="o", ms=2.2, mfc=SKY, mec=BLUE, mew=0.4, label="daily mean")
    if pain.rolling:
        x, y = zip(*pain.rolling, strict=True)
        ax.plot(x, y, color=BLUE, lw=1.4, label="7-day mean")
    else:
        ax.text(
            0.5,
            0.5,
            "No pain entries in this period",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=fontsize + 1,
        )
    ax.set_xlim(report.start - dt.timedelta(days=1), report.end + dt.timedelta(days=1))
    ax.set_ylim(-0.4, 10.4)
    ax.yaxis.set_major_locator(FixedLocator([0, 5, 10]))
    locator = mdates.MonthLocator(interval=1 if report.months <= 6 else 2)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.tick_params(labelsize=fontsize, length=2, pad=1.5)
    ax.set_ylabel("Pain 0-10", fontsize=fontsize)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if pain.daily:
        ax.legend(fontsize=fontsize, loc="upper left", ncols=2, frameon=False, borderaxespad=0)


def render_svg(report: Report) -> bytes:
    with _RENDER_LOCK, matplotlib.rc_context(RC):
        fig = Figure(figsize=SIZE, layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig.add_subplot(), report, fontsize=8)
        buf = io.BytesIO()
        title = "Pain over the report's period"
        fig.savefig(buf, format="svg", metadata={"Date": None, "Title": title})
    alt = alt_text(report)
    return buf.getvalue().replace(
        b"</title>", b"</title>\n <desc>" + escape(alt).encode() + b"</desc>", 1
    )


def alt_text(report: Report) -> str:
    pain = report.pain
    if not pain.count:
        return "No pain entries in this period."
    return (
        f"Pain from {report.start} to {report.end}: {pain.count} entries, mean "
        f"{pain.mean:.1f}, trend {pain.trend or 'not enough entries'}."
    )
