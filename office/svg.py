"""Server-side SVG charts for the office cockpit. No JavaScript, no external assets.

Colours come as SVG presentation attributes (CSP forbids inline styles); series differ by
dash pattern and marker shape as well as colour, and every chart has a table beside it.
"""

import hashlib

from django.utils.html import escape, format_html, mark_safe

PALETTE = ["#004b76", "#c0392b", "#2e7d32", "#6a1b9a", "#ef6c00"]
DASHES = ["", "6 3", "2 3", "10 3 2 3", "1 1"]
WIDTH = 720


def _svg(title, desc, height, body):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        'role="img" aria-labelledby="{id}-t {id}-d" class="sr-chart">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=_ident(title),
        title=title,
        desc=desc,
        body=mark_safe(body),  # noqa: S308 - built below from escaped parts only
    )


def _ident(text):
    return "chart-" + hashlib.md5(str(text).encode(), usedforsecurity=False).hexdigest()[:8]


def _nice_max(value):
    if value <= 5:
        return max(value, 1)
    magnitude = 10 ** (len(str(int(value))) - 1)
    return ((int(value) // magnitude) + 1) * magnitude


def bar_chart(title, labels, values, *, desc=""):
    """Horizontal bars, one per label, with the value written at the end of each bar."""
    row, left, right = 26, 230, 60
    height = max(row * len(labels) + 20, 60)
    top = _nice_max(max(values, default=0))
    scale = (WIDTH - left - right) / top
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + i * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-size="13">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{left}" y="{y + 3}" width="{value * scale:.1f}" height="{row - 8}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{left + value * scale + 6:.1f}" y="{y + 16}" font-size="13">{value}</text>'
        )
    if not labels:
        parts.append('<text x="20" y="35" font-size="14">–</text>')
    return _svg(title, desc or title, height, "".join(parts))


def paired_bar_chart(title, labels, series, *, desc=""):
    """Horizontal bars, two per label (e.g. registered and attended), with a legend; the
    second is drawn thinner, so the two read apart without colour too."""
    (first_name, first), (second_name, second) = series
    row, left, right = 40, 230, 60
    height = max(row * len(labels) + 50, 90)
    top = _nice_max(max([*first, *second], default=0))
    scale = (WIDTH - left - right) / top
    parts = []
    for i, label in enumerate(labels):
        y = 10 + i * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 20}" text-anchor="end" font-size="13">'
            f"{escape(_short(label))}</text>"
        )
        for k, (value, size, offset) in enumerate([(first[i], 14, 2), (second[i], 9, 20)]):
            parts.append(
                f'<rect x="{left}" y="{y + offset}" width="{value * scale:.1f}" height="{size}" '
                f'fill="{PALETTE[k]}"/>'
                f'<text x="{left + value * scale + 6:.1f}" y="{y + offset + size - 2}" '
                f'font-size="12">{value}</text>'
            )
    if not labels:
        parts.append('<text x="20" y="35" font-size="14">–</text>')
    legend_y = height - 20
    for k, name in enumerate([first_name, second_name]):
        x = left + k * 220
        parts.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="24" height="{14 - 5 * k}" '
            f'fill="{PALETTE[k]}"/>'
            f'<text x="{x + 30}" y="{legend_y + 2}" font-size="12">{escape(name)}</text>'
        )
    return _svg(title, desc or title, height, "".join(parts))


def line_chart(title, x_labels, series, *, desc=""):
    """Lines over time. `series`: list of (name, values) with one value per x label."""
    height, left, right, top_pad, bottom = 300, 50, 20, 20, 70
    plot_w, plot_h = WIDTH - left - right, height - top_pad - bottom
    top = _nice_max(max((v for _, values in series for v in values), default=0))
    n = max(len(x_labels) - 1, 1)

    def point(i, v):
        return left + i * plot_w / n, top_pad + plot_h - v * plot_h / top

    parts = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{WIDTH - right}" y2="{top_pad + plot_h}" '
        'stroke="#555"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="#555"/>',
        f'<text x="{left - 6}" y="{top_pad + 5}" text-anchor="end" font-size="12">{top}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end" font-size="12">0</text>',
    ]
    step = max(1, len(x_labels) // 12)
    for i, label in enumerate(x_labels):
        if i % step == 0:
            x, _ = point(i, 0)
            parts.append(
                f'<text x="{x:.1f}" y="{top_pad + plot_h + 18}" text-anchor="middle" '
                f'font-size="11">{escape(label)}</text>'
            )
    for k, (name, values) in enumerate(series):
        colour, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        points = " ".join("{:.1f},{:.1f}".format(*point(i, v)) for i, v in enumerate(values))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>"
        )
        legend_y = height - 40 + 18 * (k // 3)
        legend_x = left + (k % 3) * 220
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y}" x2="{legend_x + 30}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            f'<text x="{legend_x + 36}" y="{legend_y + 4}" font-size="12">{escape(name)}</text>'
        )
    return _svg(title, desc or title, height, "".join(parts))


# Bounding box of Hessen (degrees), with a small margin.
LAT_MIN, LAT_MAX, LON_MIN, LON_MAX = 49.35, 51.70, 7.70, 10.30


def hessen_map(title, places, districts, *, desc=""):
    """Every register municipality as a grey dot (the dots draw the state's shape), reached
    ones as dark dots, and one labelled circle per district sized by reached municipalities.

    places: (lat, lon, reached); districts: (name, lat, lon, reached_count).
    """
    height = 760
    # Equirectangular with latitude correction (cos 50.5° ≈ 0.636).
    x_scale = (WIDTH - 40) / ((LON_MAX - LON_MIN) * 0.636)
    y_scale = (height - 40) / (LAT_MAX - LAT_MIN)
    scale = min(x_scale, y_scale)

    def xy(lat, lon):
        return 20 + (float(lon) - LON_MIN) * 0.636 * scale, 20 + (LAT_MAX - float(lat)) * scale

    parts = ['<rect x="0" y="0" width="100%" height="100%" fill="#f4f7f9"/>']
    dots, squares, labels = [], [], []
    for lat, lon, reached in places:
        x, y = xy(lat, lon)
        if reached:
            squares.append(
                f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="#004b76"/>'
            )
        else:
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#b0b7bd"/>')
    top = max((count for *_, count in districts), default=0) or 1
    for name, lat, lon, count in districts:
        if not count:
            continue
        x, y = xy(lat, lon)
        radius = 8 + 22 * (count / top) ** 0.5
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#c0392b" '
            f'fill-opacity="0.25" stroke="#c0392b"/>'
        )
        labels.append(
            f'<text x="{x:.1f}" y="{y + radius + 12:.1f}" text-anchor="middle" font-size="11">'
            f"{escape(_short(name, 22))}: {count}</text>"
        )
    parts += dots + squares + labels
    return _svg(title, desc or title, height, "".join(parts))


def _short(text, length=32):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"
