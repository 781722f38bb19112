"""The season's progress drawn as inline SVG: a bar per day (reports that came that day), the running
share of schools that have reported, the deadline and today. No script, nothing from outside."""

from __future__ import annotations

from dataclasses import dataclass

from kernel.progress import Progress
from kernel.timefmt import local_date

WIDTH, HEIGHT = 880, 220
LEFT, RIGHT, TOP, BOTTOM = 34, 44, 14, 40


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
    counts: tuple[tuple[float, int], ...]  # left axis: y, reports per day
    shares: tuple[tuple[float, int], ...]  # right axis: y, percent


def draw(progress: Progress) -> Chart:
    days = progress.days
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
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
    ticks = sorted({0, peak // 2, peak})
    return Chart(
        WIDTH,
        HEIGHT,
        bottom,
        LEFT + plot_w,
        tuple(bars),
        " ".join(points),
        deadline_x,
        today_x,
        tuple(labels),
        tuple((bottom - plot_h * t / peak, t) for t in ticks),
        tuple((bottom - plot_h * p / 100, p) for p in (0, 50, 100)),
    )
