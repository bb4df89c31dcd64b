"""Charts of the class report, drawn as inline SVG and HTML: axes, labels,
counts and legends on the page itself, not in hover tooltips only."""
import math

from .html_page import escape

WIDTH, HEIGHT = 520, 250
LEFT, RIGHT, TOP, BOTTOM = 52, 22, 18, 46


def histogram(counts, edges, x_title, y_title, marker=None, marker_label="", label=None, label_every=1):
    """A bar per bin (counts[i] between edges[i] and edges[i+1]), the count
    above each bar, ticked axes with titles; `marker` draws a dashed line at
    that x value (a threshold); `label` formats an edge, every `label_every`th
    is labelled."""
    label = label or _label
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_top(max(counts + [1]))
    step = plot_w / len(counts)
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" style="max-width:{WIDTH}px" '
             f'role="img" aria-label="{escape(y_title)} by {escape(x_title)}">']
    for tick in _ticks(top):  # horizontal grid lines and y labels
        y = TOP + plot_h - plot_h * tick / top
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ea"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>')
    for i, count in enumerate(counts):
        h = plot_h * count / top
        x = LEFT + i * step
        parts.append(f'<rect x="{x + 2:.1f}" y="{TOP + plot_h - h:.1f}" width="{step - 4:.1f}" '
                     f'height="{h:.1f}" fill="#4393c3"><title>{escape(label(edges[i]))}'
                     f'&ndash;{escape(label(edges[i + 1]))}: {count}</title></rect>')
        if count:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{TOP + plot_h - h - 4:.1f}" font-size="11" '
                         f'text-anchor="middle">{count}</text>')
    for i, edge in enumerate(edges):
        x = LEFT + i * step
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" '
                     f'stroke="#59636e"/>')
        if i % label_every == 0:
            parts.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" font-size="11" '
                         f'text-anchor="middle">{escape(label(edge))}</text>')
    if marker is not None:
        x = LEFT + plot_w * (marker - edges[0]) / (edges[-1] - edges[0])
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 6}" y2="{TOP + plot_h}" stroke="#a40e26" '
                     f'stroke-dasharray="4 3"/><text x="{x + 4:.1f}" y="{TOP - 6}" font-size="11" '
                     f'fill="#a40e26">{escape(marker_label)}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
                 f'stroke="#59636e"/>'
                 f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#59636e"/>'
                 f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 6}" font-size="12" text-anchor="middle">'
                 f'{escape(x_title)}</text>'
                 f'<text transform="translate(14 {TOP + plot_h / 2}) rotate(-90)" font-size="12" '
                 f'text-anchor="middle">{escape(y_title)}</text></svg>')
    return "".join(parts)


def _label(x):
    return f"{x:g}" if float(x).is_integer() else f"{x:.2f}".rstrip("0")


def _nice_step(value):
    """A step of 1, 2 or 5 times a power of ten giving about five ticks up to value."""
    rough = max(value / 5, 1)
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= rough)


def _nice_top(value):
    step = _nice_step(value)
    return step * math.ceil(value / step)


def _ticks(top):
    step = _nice_step(top)
    return [step * k for k in range(int(round(top / step)) + 1)]


LEGEND = ('<div class="legend"><span><span class="swatch" style="background:var(--bar-full)"></span>'
          'full marks</span><span><span class="swatch" style="background:var(--bar-partial)"></span>'
          'some marks</span><span><span class="swatch" style="background:var(--bar-zero)"></span>'
          'no marks</span></div>')


def pass_rates(test_rates, anchors):
    """One stacked bar per test, hardest first: the share of submissions with
    full, some and no marks; `anchors` links a test number to its misconceptions."""
    rows = []
    for r in test_rates:
        total = max(r.full + r.partial + r.zero, 1)
        segments = "".join(
            f'<span class="{kind}" style="width:{100 * count / total:.2f}%" '
            f'title="{escape(label)}: {count}"></span>'
            for kind, count, label in (("full", r.full, "full marks"), ("partial", r.partial, "some marks"),
                                       ("zero", r.zero, "no marks")) if count)
        number = (f'<a href="#{anchors[r.number]}" title="diagnoses of this test">{escape(r.number)}</a>'
                  if r.number in anchors
                  else escape(r.number))
        rows.append(f'<tr><td>{number}</td><td class="name" title="{escape(r.name)}">{escape(r.name)}</td>'
                    f'<td style="width:40%"><div class="bar">{segments}</div></td>'
                    f'<td class="pct">{r.rate:.0%} full ({r.full}/{total})</td></tr>')
    scale = ('<tr><td></td><td></td><td><div class="scale"><span>0%</span><span>50%</span>'
             '<span>100% of submissions</span></div></td><td></td></tr>')
    return LEGEND + f'<table class="rates">{"".join(rows)}{scale}</table>'
