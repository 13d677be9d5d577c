"""SVG charts inside documents: the same drawings as the ranking page (scoring/charts.py, called as
scoring/views/ranking.py calls them), drawn at rendering time from the snapshot's ranking."""
from decimal import Decimal

from scoring.charts import final_scores_chart, group_scores_chart

KINDS_WITH_CHARTS = ("year_end", "mid_year")


def charts_for(*, kind, context):
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


def _decimal(value):
    return Decimal(value) if value is not None else None
