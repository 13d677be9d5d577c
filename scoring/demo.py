"""Scoring part of the demo data (called by `load_demo` after the organisation is loaded).

Each part is a named helper; like the rest of load_demo, a second run finds every row and writes nothing.
"""
from decimal import Decimal

import yaml
from django.conf import settings
from django.db import transaction

from blocs.domain.demo import read_plan
from blocs.models import BlocYear, Province
from scoring.demo_scores import load_scores
from scoring.domain.scale_checks import CriterionSpec
from scoring.domain.scales import copy_template_to_bloc_year, create_template
from scoring.enums import CriterionKind
from scoring.models import ScoringScale


def load(*, stdout=None):
    """Give each demo bloc-year its scale and, for completed years, scores that match the seeds' rankings."""
    load_scales(stdout=stdout)
    load_scores(stdout=stdout)
    from awards.demo import load_year_ends  # the awards app builds on scoring, not the other way round

    load_year_ends(stdout=stdout)
    load_scales(stdout=stdout)  # the next years that the elections created get their scale too


# ---------------------------------------------------------------------------------------------- scales

def read_demo_scale(path=None):
    """The illustrative 100-point table (blocs/demo/scale-100.yaml) as (name, total, bonus cap, specs)."""
    path = path or settings.DEMO_DATA_DIR / "scale-100.yaml"
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    specs = []
    for group in data["groups"]:
        kind = group.get("kind", CriterionKind.NORMAL)
        children = [CriterionSpec(code=c["code"], title=c["title"], kind=kind, max_points=Decimal(str(c["max"])),
                                  evidence_required=bool(c.get("evidence")), guidance=c.get("guidance", ""),
                                  parent_code=group["code"]) for c in group["criteria"]]
        specs.append(CriterionSpec(code=group["code"], title=group["title"], kind=kind,
                                   max_points=sum((c.max_points for c in children), Decimal("0"))))
        specs.extend(children)
    return data["name"], Decimal(str(data["total"])), Decimal(str(data["bonus_cap"])), specs


def load_scales(*, stdout=None):
    """A template per demo province (marked illustrative) and a copy of it for each of its bloc-years."""
    name, total, bonus_cap, specs = read_demo_scale()
    created = 0
    with transaction.atomic():
        for plan in read_plan():
            province = Province.objects.filter(code=plan.code).first()
            if province is None:
                continue
            template = ScoringScale.objects.filter(province=province, name=name).first()
            if template is None:
                template = create_template(province=province, name=name, total=total, bonus_cap=bonus_cap,
                                           is_illustrative=True, criteria=specs, user=None)
                created += 1
            years = BlocYear.objects.filter(bloc__province=province, bloc__name__in=[b.name for b in plan.blocs],
                                            scale__isnull=True).order_by("pk")
            for bloc_year in years:
                copy_template_to_bloc_year(template=template, bloc_year=bloc_year, user=None)
                created += 1
    if stdout is not None and created:
        stdout.write(f"Thang điểm mẫu: đã tạo {created} thang điểm.")
