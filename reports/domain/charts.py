"""SVG charts inside documents, drawn at rendering time from the snapshot: the ranking page's drawings
(scoring/charts.py, called as scoring/views/ranking.py calls them) in the bloc reports, and the award
statistics page's (decisions/charts.py) in the Board's province summary."""
from decimal import Decimal
from types import SimpleNamespace

from decisions.charts import awards_by_type_chart, awards_by_year_chart
from scoring.charts import final_scores_chart, group_scores_chart

KINDS_WITH_CHARTS = ("year_end", "mid_year")


def charts_for(*, kind, context):
    if kind == "province_summary":
        return _award_charts(context.get("awards"))
    ranking = context.get("ranking")
    if kind not in KINDS_WITH_CHARTS or not ranking or not ranking.get("rows"):
        return {}
    rows = ranking["rows"]
    charts = {"final_scores": final_scores_chart(
        rows=[(r["name"], _decimal(r["final_score"])) for r in rows],
        scale_total=Decimal(str(ranking.get("scale_total") or 100)))}
    groups = [(g["code"], Decimal(g["max_points"])) for g in ranking.get("groups", [])]
    scored = [r for r in rows if r["final_score"] is not None]
    if groups and scored:
        charts["group_scores"] = group_scores_chart(
            rows=[(r["name"], {code: Decimal(p) for code, p in r["group_scores"].items()}) for r in scored],
            groups=groups)
    return charts


def _award_charts(awards):
    if not awards or not awards["by_year"]:
        return {}
    types = [SimpleNamespace(name=name) for name in awards["types"]]
    lines = [SimpleNamespace(total=line["total"], by_type=line["by_type"]) for line in awards["by_year"]]
    of_year = next((line for line in awards["by_year"] if line["year"] == awards["year_to"]), None)
    charts = {}
    if len(lines) > 1:  # a line needs two years; one year is the bar chart's
        charts["awards_by_year"] = awards_by_year_chart(years=[line["year"] for line in awards["by_year"]],
                                                        award_types=types, lines=lines)
    if of_year:
        charts["awards_by_type"] = awards_by_type_chart(rows=list(zip(awards["types"], of_year["by_type"])))
    return charts


def _decimal(value):
    return Decimal(value) if value is not None else None
