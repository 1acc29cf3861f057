"""Inline SVG bar charts for the HTML reports (no JavaScript, nothing loaded from outside)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from census.i18n import N_, Translator

GREEN, AMBER, GREY, INK, GRID = "#2e7d4f", "#d9822b", "#b8bfc7", "#1f2a37", "#e3e7ec"


@dataclass(frozen=True)
class Bar:
    """One bar: `label`, `value` 0–1 (None: no eligible people), `target` 0–1 or None, `met`."""

    label: str
    value: float | None
    target: float | None = None
    met: bool | None = None


def bar_chart(bars: list[Bar], title: str, t: Translator, width: int = 900,
              legend: tuple[str, str] = (N_("all targets met"), N_("some target not met"))) -> Markup:
    """A horizontal bar chart of shares 0–100%, a target tick per bar, and a legend (label
    keys of the met and unmet colours)."""
    label_w, right_pad, row_h, top, bottom = 300, 60, 20, 46, 40
    plot_w = width - label_w - right_pad
    height = top + row_h * max(len(bars), 1) + bottom
    x0 = label_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="bold" fill="{INK}">{escape(title)}</text>',
    ]
    for pct in (0, 25, 50, 75, 100):
        x = x0 + plot_w * pct / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + row_h * len(bars)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{top - 8}" text-anchor="middle" fill="#5b6673">{pct}%</text>'
        )
    for i, bar in enumerate(bars):
        y = top + i * row_h
        label = bar.label if len(bar.label) <= 50 else bar.label[:49] + "…"
        parts.append(
            f'<text x="{x0 - 8}" y="{y + 14}" text-anchor="end" fill="{INK}">'
            f"<title>{escape(bar.label)}</title>{escape(label)}</text>"
        )
        if bar.value is None:
            parts.append(f'<text x="{x0 + 4}" y="{y + 14}" fill="#5b6673">-</text>')
            continue
        colour = GREY if bar.met is None else (GREEN if bar.met else AMBER)
        bar_w = max(plot_w * min(bar.value, 1.0), 0.5)
        parts.append(
            f'<rect x="{x0}" y="{y + 3}" width="{bar_w:.1f}" height="{row_h - 6}" '
            f'fill="{colour}" rx="2"/>'
            f'<text x="{x0 + bar_w + 4:.1f}" y="{y + 14}" fill="{INK}">'
            f"{escape(t.percent(bar.value))}</text>"
        )
        if bar.target is not None:
            tx = x0 + plot_w * min(bar.target, 1.0)
            parts.append(
                f'<line x1="{tx:.1f}" y1="{y + 1}" x2="{tx:.1f}" y2="{y + row_h - 1}" '
                f'stroke="{INK}" stroke-width="2"/>'
            )
    ly = top + row_h * len(bars) + 24
    keys = [
        (GREEN, t(legend[0])),
        (AMBER, t(legend[1])),
    ]
    lx = x0
    for colour, text in keys:
        parts.append(
            f'<rect x="{lx}" y="{ly - 9}" width="12" height="10" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="{ly}" fill="{INK}">{escape(text)}</text>'
        )
        lx += 30 + 6 * len(text)
    parts.append(
        f'<line x1="{lx}" y1="{ly - 10}" x2="{lx}" y2="{ly + 1}" stroke="{INK}" stroke-width="2"/>'
        f'<text x="{lx + 6}" y="{ly}" fill="{INK}">{escape(t("target"))}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Series:
    """One stacked series of a column chart: its legend `label`, `colour` and a value per column."""

    label: str
    colour: str
    values: list[int]


def stacked_columns(labels: list[str], series: list[Series], title: str, width: int = 900,
                    empty: str = "-") -> Markup:
    """A vertical stacked column chart of counts (e.g. new cases per month), with a legend.

    `labels`: one per column (printed under it); `series`: stacked bottom up. `empty`: the text
    shown when there is nothing to plot.
    """
    left, right, top, bottom, height = 40, 16, 46, 64, 300
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    peak = max(totals, default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="bold" fill="{INK}">{escape(title)}</text>',
    ]
    if not labels or peak == 0:
        parts.append(f'<text x="{left}" y="{top + 20}" fill="#5b6673">{escape(empty)}</text></svg>')
        return Markup("".join(parts))
    step = max(1, -(-peak // 5))  # about five grid lines, whole numbers
    scale = plot_h / (step * -(-peak // step))
    for value in range(0, peak + step, step):
        y = top + plot_h - value * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#5b6673">{value}</text>'
        )
    slot = plot_w / len(labels)
    bar = max(min(slot * 0.7, 48), 2)
    for i, label in enumerate(labels):
        x = left + slot * i + (slot - bar) / 2
        y = top + plot_h
        for s in series:
            value = s.values[i]
            if value <= 0:
                continue
            h = value * scale
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{s.colour}"><title>{escape(label)} · {escape(s.label)}: {value}</title></rect>'
            )
        if totals[i]:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                         f'fill="{INK}">{totals[i]}</text>')
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 14}" text-anchor="end" fill="{INK}" '
            f'transform="rotate(-45 {x + bar / 2:.1f} {top + plot_h + 14})">{escape(label)}</text>'
        )
    lx, ly = left, height - 8
    for s in series:
        parts.append(
            f'<rect x="{lx}" y="{ly - 9}" width="12" height="10" fill="{s.colour}"/>'
            f'<text x="{lx + 16}" y="{ly}" fill="{INK}">{escape(s.label)}</text>'
        )
        lx += 36 + 6 * len(s.label)
    parts.append("</svg>")
    return Markup("".join(parts))
