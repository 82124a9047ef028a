"""Office cockpit: figures as SVG charts with table fallbacks, CSV export per figure."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from accounts.access import require_office
from core import spreadsheets

from . import svg
from .forms import DateRangeForm
from .stats import all_figures, figure_by_slug


def chart_of(figure):
    if figure.chart == "line":
        labels = [row[0] for row in figure.rows]
        return svg.line_chart(figure.title, labels, figure.extra["series"], desc=figure.description)
    if figure.chart == "bar":
        return svg.bar_chart(
            figure.title,
            [row[0] for row in figure.rows],
            [row[figure.extra.get("value_column", 1)] for row in figure.rows],
            desc=figure.description,
        )
    if figure.chart == "pairs":
        return svg.paired_bar_chart(
            figure.title, [row[0] for row in figure.rows], figure.extra["series"],
            desc=figure.description,
        )  # fmt: skip
    if figure.chart == "map":
        return svg.hessen_map(
            figure.title, figure.extra["places"], figure.extra["districts"], desc=figure.description
        )
    return ""


@login_required
def cockpit(request):
    require_office(request.user)
    form = DateRangeForm(request.GET or None)
    period = form.period()
    figures = [(figure, chart_of(figure)) for figure in all_figures(period)]
    query = f"von={period.start.isoformat()}&bis={period.end.isoformat()}"
    return render(
        request,
        "office/cockpit.html",
        {"form": form, "period": period, "figures": figures, "query": query},
    )


@login_required
def cockpit_csv(request, slug):
    require_office(request.user)
    period = DateRangeForm(request.GET or None).period()
    figure = figure_by_slug(slug, period)
    if figure is None:
        raise Http404
    filename = f"{slug}_{period.start.isoformat()}_{period.end.isoformat()}.csv"
    return spreadsheets.download(filename, figure.columns, figure.rows)
