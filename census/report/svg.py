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
