"""An inline SVG line chart of coverage over the census rounds (no JavaScript, nothing external)."""

from __future__ import annotations

from markupsafe import Markup, escape

from census.report.since import RoundSeries

INK, GRID, MUTED = "#1f2a37", "#e3e7ec", "#5b6673"
#: Distinguishable line colours (Okabe–Ito and Tableau); after them the dash pattern changes.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f",
           "#8c564b", "#bcbd22", "#17becf")
DASHES = ("", "6 3", "2 3")


def line_chart(rounds: list[str], series: list[RoundSeries], title: str, width: int = 900,
               percent: str = "{:.0f}%") -> Markup:
    """Coverage 0–100% (y) per round (x), one line with dots per series, a legend below.
    `percent` formats a tick ('{:.0f}%'). Gaps (None) break a line."""
    left, right, top, plot_h = 48, 56, 40, 240
    legend_rows = (len(series) + 2) // 3
    height = top + plot_h + 40 + 18 * legend_rows
    plot_w = width - left - right
    step = plot_w / max(len(rounds) - 1, 1)

    def x(i: int) -> float:
        return left + (step * i if len(rounds) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h * (1 - min(max(value, 0.0), 1.0))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="bold" fill="{INK}">{escape(title)}</text>',
    ]
    for pct in (0, 25, 50, 75, 100):
        yy = y(pct / 100)
        parts.append(
            f'<line x1="{left}" y1="{yy:.1f}" x2="{left + plot_w}" y2="{yy:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{escape(percent.format(pct))}</text>"
        )
    for i, label in enumerate(rounds):
        parts.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
                     f'fill="{INK}">{escape(label)}</text>')
    for k, line in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        dash = DASHES[(k // len(PALETTE)) % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments = [segment]
        for i, value in enumerate(line.values):
            if value is None:
                segment = []
                segments.append(segment)
                continue
            segment.append(f"{x(i):.1f},{y(value):.1f}")
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3" fill="{colour}">'
                         f"<title>{escape(line.name)}: {escape(percent.format(value * 100))}"
                         "</title></circle>")
        for points in segments:
            if len(points) > 1:
                parts.append(f'<polyline points="{" ".join(points)}" fill="none" '
                             f'stroke="{colour}" stroke-width="2"{dashed}/>')
        row, col = divmod(k, 3)
        lx, ly = left + col * (plot_w / 3), top + plot_h + 40 + 18 * row
        name = line.name if len(line.name) <= 42 else line.name[:41] + "…"
        parts.append(
            f'<line x1="{lx:.1f}" y1="{ly - 4}" x2="{lx + 18:.1f}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2"{dashed}/>'
            f'<text x="{lx + 24:.1f}" y="{ly}" fill="{INK}"><title>{escape(line.name)}</title>'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
