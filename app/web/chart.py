"""The season's progress drawn as inline SVG: a bar per day (reports that came that day), the running
share of schools that have reported, the deadline and today. No script, nothing from outside."""

from __future__ import annotations

from dataclasses import dataclass

from kernel.progress import Progress
from kernel.timefmt import local_date

LEFT, RIGHT, TOP, BOTTOM = 34, 44, 14, 40


@dataclass(frozen=True)
class Size:
    """The SVG's units, and its words' font size in them (as style.css sets it). The SVG is scaled to
    the screen's width, and its words with it: a phone gets a chart drawn about its own width."""

    width: int
    height: int
    font: float


WIDE = Size(880, 220, 11)
NARROW = Size(350, 220, 12)  # a 390 px phone less the page's margins: drawn about 1:1


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    late: bool  # after the deadline
    title: str


@dataclass(frozen=True)
class Label:
    x: float
    text: str  # the day
    sub: str  # the days left to the deadline
    strong: bool = False  # the deadline's, centred on its line: from the line it ran past the chart's edge


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_bottom: float
    plot_right: float
    bars: tuple[Bar, ...]
    share: str  # SVG points of the running share of schools that have reported, up to today
    deadline_x: float | None
    today_x: float | None
    labels: tuple[Label, ...]
    label_rows: tuple[float, float]  # the baselines of the dates and of the days left under them
    counts: tuple[tuple[float, int], ...]  # left axis: y, reports per day
    shares: tuple[tuple[float, int], ...]  # right axis: y, percent


def draw(progress: Progress, size: Size = WIDE) -> Chart:
    days = progress.days
    plot_w = size.width - LEFT - RIGHT
    plot_h = size.height - TOP - BOTTOM
    bottom = TOP + plot_h
    step = plot_w / max(len(days), 1)
    peak = max(progress.peak, 1)
    expected = max(progress.expected, 1)
    bars = []
    points = []
    deadline_x = today_x = None
    for i, day in enumerate(days):
        x = LEFT + i * step
        if day.received:
            height = plot_h * day.received / peak
            left = "" if day.days_left >= 0 else " (sau hạn)"
            title = (
                f"{local_date(day.day, None)}: {day.received} báo cáo{left}; "
                f"đã nhận {day.total}/{progress.expected} trường"
            )
            bars.append(Bar(x + step * 0.15, bottom - height, step * 0.7, height, day.days_left < 0, title))
        if day.day <= progress.today:  # the days to come have no share yet: a flat line said none would come
            points.append(f"{x + step / 2:.1f},{bottom - plot_h * min(day.total / expected, 1):.1f}")
        if day.days_left == 0:
            deadline_x = x + step
        if day.day == progress.today:
            today_x = x + step / 2
    labels = []
    for i, (first, _) in enumerate(progress.weeks()):
        x = LEFT + days.index(first) * step
        shown = f"{first.day.day}/{first.day.month}"
        if first.days_left == 0:
            labels.append(Label(x + step, shown, "hạn nộp", strong=True))
        elif i == 0 or first.days_left % 7 == 0:
            when = f"còn {first.days_left}" if first.days_left > 0 else f"quá {-first.days_left}"
            labels.append(Label(x, shown, when))
    ticks = [0, peak // 2, peak] if peak % 2 == 0 else [0, peak]  # evenly spaced marks
    return Chart(
        size.width,
        size.height,
        bottom,
        LEFT + plot_w,
        tuple(bars),
        " ".join(points),
        deadline_x,
        today_x,
        _spaced(labels, size.font),
        (bottom + size.font + 4, bottom + 2 * size.font + 7),
        tuple((bottom - plot_h * t / peak, t) for t in ticks),
        tuple((bottom - plot_h * p / 100, p) for p in (0, 50, 100)),
    )


def _spaced(labels: list[Label], font: float) -> tuple[Label, ...]:
    """The dates that fit side by side with room between them, from the left; the deadline's is always
    kept, in place of the date before it when the two would touch."""
    gap = font * 0.5

    def span(label: Label) -> tuple[float, float]:
        width = max(len(label.text), len(label.sub)) * font * 0.6  # a generous guess of the text's width
        return (label.x - width / 2, label.x + width / 2) if label.strong else (label.x, label.x + width)

    kept: list[Label] = []
    for label in labels:
        while kept and span(kept[-1])[1] + gap > span(label)[0]:
            if not label.strong:
                break
            kept.pop()
        else:
            kept.append(label)
    return tuple(kept)
