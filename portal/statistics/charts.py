"""Charts as SVG, drawn on the server by pygal in the portal's colours; no script needed.

The SVG is served as an image (``<img>``), beside a text summary and the same figures as a
table, so the chart adds a picture and hides nothing.
"""

from __future__ import annotations

import re

import pygal
from pygal.style import Style

from portal.statistics.datasets import Dataset

PORTAL_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#4a4a4a",
    colors=("#1d3f6e", "#b35c00", "#1e6b34", "#6b2c91", "#a4161a"),
    font_family="system-ui, sans-serif",
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
)

# pygal writes its tooltip configuration as a script even without its script files; an
# image never runs it, and leaving it out keeps the file plain.
_SCRIPT = re.compile(r"<script[\s\S]*?</script>")

# Served with their own policy: the SVG's style element is inline, nothing else is allowed.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def render(dataset: Dataset) -> str:
    kind = {"stacked": pygal.StackedBar, "grouped": pygal.Bar, "bar": pygal.HorizontalBar}.get(
        dataset.chart, pygal.HorizontalBar
    )
    chart = kind(
        style=PORTAL_STYLE,
        js=[],
        disable_xml_declaration=True,
        width=720,
        height=max(260, 60 + 28 * len(dataset.rows)) if kind is pygal.HorizontalBar else 360,
        show_legend=len(dataset.series) > 1,
        legend_at_bottom=True,
        print_values=False,
        x_label_rotation=0 if kind is pygal.HorizontalBar else 30,
        truncate_label=40,
        no_data_text="",
    )
    chart.title = dataset.title
    labels = [str(row[0]) for row in dataset.rows]
    if kind is pygal.HorizontalBar:
        # Largest at the top: pygal draws the first label at the bottom.
        labels = labels[::-1]
    chart.x_labels = labels
    for index in dataset.series:
        values = [float(row[index] or 0) for row in dataset.rows]
        chart.add(dataset.columns[index], values[::-1] if kind is pygal.HorizontalBar else values)
    return _SCRIPT.sub("", chart.render(is_unicode=True))
