"""Data for the PostgreSQL restart test, written into the private cluster by a subprocess:

    DATABASE_URL=… python -m tests.faults.seed OUT.json

A bloc-year in scoring with a frozen scale of LEAVES criteria (max 10 each), an open year-end round, and its
secretariat, who may fill every sheet of the bloc, signed in both ways the app offers: an API token and a
password for the login page. OUT.json says which sheet, criteria, token and password to use.
"""
import json
import os
import sys
from decimal import Decimal

LEAVES = 20


def seed():
    from accounts.domain.tokens import issue_token
    from blocs.enums import Phase
    from scoring.domain.rounds import open_round
    from scoring.enums import RoundKind, ScaleStatus, SheetKind
    from scoring.models import ScoreSheet
    from tests.factories.accounts import secretariat_user
    from tests.factories.blocs import BlocFactory, BlocYearFactory, MembershipFactory, ProvinceFactory
    from tests.factories.scoring import CriterionFactory, ScaleFactory

    bloc_year = BlocYearFactory(bloc=BlocFactory(province=ProvinceFactory()), phase=Phase.SCORING)
    departments = [MembershipFactory(bloc_year=bloc_year).department for _ in range(3)]
    scale = ScaleFactory(bloc_year=bloc_year, total=Decimal(LEAVES * 10), status=ScaleStatus.FROZEN,
                         bonus_cap=Decimal("0"))
    leaves = []
    for g in range(LEAVES // 10):
        group = CriterionFactory(scale=scale, code=f"G{g}", max_points=Decimal("100"))
        leaves += [CriterionFactory(scale=scale, parent=group, code=f"G{g}.{i}") for i in range(10)]
    secretariat = secretariat_user(bloc_year.bloc, departments[0], username="thu-ky-khoi")
    round_ = open_round(bloc_year=bloc_year, kind=RoundKind.YEAR_END, user=secretariat, seed=1)
    sheet = ScoreSheet.objects.get(round=round_, kind=SheetKind.CROSS, scored=departments[0])
    return {"sheet": sheet.pk, "criteria": {c.pk: c.code for c in leaves}, "username": secretariat.username,
            "password": "matkhau-thu-nghiem", "token": issue_token(user=secretariat).key}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings.test")
    import django

    django.setup()
    with open(sys.argv[1], "w") as out:
        json.dump(seed(), out)
