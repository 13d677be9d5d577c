"""Data of the load test: `python -m load.prepare generate` fills the (fresh, migrated) database named by
DATABASE_URL and writes the manifest the Locust users read (load/results/manifest.json); `python -m
load.prepare reset` puts the per-phase state back before each Locust run (fresh ballot rounds nobody has voted
in, no rendered report, so the reports render again).

The province is bench/generate.py's 15 blocs x 12 members, with bench/generate_awards.py's 5 years of awards
(the Board's dashboard) and bench/generate_scoring.py's scoring bloc of 15 members x 60 criteria, its year-end
round open and every cell filled (the sheets the officers and the secretariat save and read); its ranking is
computed so that its year-end report has one. Added here: VOTING_BLOCS blocs of VOTING_MEMBERS members in the
voting phase, each with an open ballot round (one voter account per member department), and accounts with a
known password for every simulated user.
"""
import json
import os
import sys
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent / "results" / "manifest.json"
PASSWORD = "load-test-2026"
VOTING_BLOCS, VOTING_MEMBERS, CANDIDATES, CHOICES = 8, 12, 5, 2
# LOAD_SIZE=small: bench's 2 blocs x 3 members (scoring 3 x 10) and one voting bloc of 6, for a quick smoke run.
SMALL = os.environ.get("LOAD_SIZE", "full") == "small"
if SMALL:
    VOTING_BLOCS, VOTING_MEMBERS = 1, 6
SECRETARIATS, BOARD_USERS = 4, 5
SCORING_LEADERS = 5  # leaders of scoring members, requesting the scoring bloc's year-end report


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings.load")
    import django

    django.setup()
    command = argv[0] if argv else "generate"
    if command == "generate":
        generate()
    elif command == "reset":
        reset()
    else:
        sys.exit(f"usage: python -m load.prepare generate|reset (not {command!r})")


def _account(username, **fields):
    from accounts.models import User

    user = User(username=username, first_name="Load", last_name=username, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def generate():
    import time

    from django.db import transaction

    from accounts.enums import Role
    from bench.generate import FULL, SMALL as SMALL_SIZE, generate as generate_world
    from bench.generate_awards import awards_world
    from bench.generate_scoring import scoring_world
    from blocs.models import BlocYear, Membership
    from scoring.domain.ranking import compute_ranking
    from scoring.enums import CriterionKind
    from scoring.models import Criterion, ScoreEntry, ScoreSheet

    started = time.perf_counter()
    size = SMALL_SIZE if SMALL else FULL
    world = generate_world(size)
    awards = awards_world(world)
    scoring = scoring_world(world)
    compute_ranking(round=scoring.round, user=scoring.secretariat)
    with transaction.atomic():
        round_ = scoring.round
        bloc_year = round_.bloc_year
        leaves = list(Criterion.objects.filter(scale__bloc_year=bloc_year, kind=CriterionKind.NORMAL,
                                               evidence_required=False, children__isnull=True).order_by("position")
                      .values("pk", "code", "max_points"))
        leaves = [{"id": c["pk"], "code": c["code"], "max": str(c["max_points"])} for c in leaves]
        sheets = list(ScoreSheet.objects.filter(round=round_).order_by("pk").values("pk", "scorer_id"))
        members = list(Membership.objects.filter(bloc_year=bloc_year).order_by("pk")
                       .values_list("department_id", flat=True))
        editors = []
        for number, department_id in enumerate(members):
            user = _account(f"load-officer-{number + 1:02d}", role=Role.OFFICER, department_id=department_id)
            editors.append({"username": user.username, "role": "officer",
                            "sheets": [s["pk"] for s in sheets if s["scorer_id"] == department_id]})
        for number in range(SECRETARIATS):
            user = _account(f"load-secretariat-{number + 1:02d}", role=Role.SECRETARIAT, bloc=bloc_year.bloc,
                            department_id=members[0])
            editors.append({"username": user.username, "role": "secretariat", "sheets": [s["pk"] for s in sheets]})
        board = [_account(f"load-board-{n + 1:02d}", role=Role.BOARD, province=world.province).username
                 for n in range(BOARD_USERS)]
        leaders = []
        for number, current in enumerate(world.bloc_years):  # one leader per bloc: its 5 years' year-end reports
            department_id = current.memberships.order_by("pk").values_list("department_id", flat=True)[2]
            years = list(BlocYear.objects.filter(bloc_id=current.bloc_id).order_by("year").values_list("pk", flat=True))
            user = _account(f"load-leader-{number + 1:02d}", role=Role.LEADER, department_id=department_id)
            leaders.append({"username": user.username, "bloc_years": years})
        for number, department_id in enumerate(members[2:2 + SCORING_LEADERS]):
            user = _account(f"load-scoring-leader-{number + 1:02d}", role=Role.LEADER, department_id=department_id)
            leaders.append({"username": user.username, "bloc_years": [bloc_year.pk]})
        voting = _voting_blocs(world)
    manifest = {
        "password": PASSWORD, "editors": editors, "leaves": leaves, "board": board, "leaders": leaders,
        "voting": voting,
        "data": {
            "province": size.describe(), "awards": awards.describe(), "scoring": scoring.describe(),
            "scoring_sheets": len(sheets), "scoring_cells": ScoreEntry.objects.filter(sheet__round=scoring.round).count(),
            "cells_saved_by_the_load": len(leaves),  # per sheet: normal criteria needing no evidence
            "voting": f"{VOTING_BLOCS} blocs x {VOTING_MEMBERS} members in the voting phase, one open round each "
                      f"({CANDIDATES} candidates, up to {CHOICES} choices)",
            "accounts": {"editors": len(editors), "board": len(board), "leaders": len(leaders),
                         "voters": sum(len(b["voters"]) for b in voting)},
            "report_subjects": len({pk for leader in leaders for pk in leader["bloc_years"]}),
            "generated_seconds": round(time.perf_counter() - started, 1),
        },
    }
    _write(manifest)
    _analyze()
    print(json.dumps(manifest["data"], indent=2, ensure_ascii=False))


def _analyze():
    """Planner statistics for the freshly generated rows. A database in service has them from autovacuum;
    without them the first minutes of the run would be measured on plans made for empty tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _voting_blocs(world):
    from accounts.enums import Role
    from bench.generate import YEAR
    from blocs.domain import services
    from blocs.enums import BlocKind, Phase
    from blocs.models import Department

    actor = world.users["superuser"]
    blocs = []
    for number in range(VOTING_BLOCS):
        departments = Department.objects.bulk_create(
            Department(province=world.province, name=f"Sở Bỏ phiếu tải số {number + 1}.{i + 1:02d}")
            for i in range(VOTING_MEMBERS))
        bloc = services.create_bloc(province=world.province, name=f"Khối thi đua bỏ phiếu tải số {number + 1}",
                                    kind=BlocKind.BLOC, user=actor)
        bloc_year = services.create_bloc_year(bloc=bloc, year=YEAR, user=actor)
        for department in departments:
            services.add_member(bloc_year=bloc_year, department=department, user=actor)
        services.set_leadership(bloc_year=bloc_year, leader=departments[0], deputy=departments[1],
                                expected_version=bloc_year.version, user=actor)
        for phase in (Phase.PLEDGE, Phase.MID_YEAR_REVIEW, Phase.SCORING, Phase.RANKING, Phase.VOTING):
            bloc_year.refresh_from_db()
            services.change_phase(bloc_year=bloc_year, phase=phase, expected_version=bloc_year.version, user=actor)
        secretariat = _account(f"load-voting-secretariat-{number + 1}", role=Role.SECRETARIAT, bloc=bloc,
                               department=departments[0])
        voters = [_account(f"load-voter-{number + 1}-{i + 1:02d}", role=Role.OFFICER, department=d).username
                  for i, d in enumerate(departments)]
        blocs.append({"bloc_year": bloc_year.pk, "secretariat": secretariat.pk, "voters": voters,
                      "round": _open_round(bloc_year, secretariat, departments)})
    return blocs


def _open_round(bloc_year, secretariat, departments):
    from voting.domain import rounds
    from voting.enums import RoundPurpose

    round_ = rounds.create_round(bloc_year=bloc_year, purpose=RoundPurpose.RANKING, title="Bình xét xếp hạng (tải)",
                                 seats=2, choices_allowed=CHOICES, candidates=departments[:CANDIDATES],
                                 user=secretariat)
    rounds.open_round(round=round_, user=secretariat)
    return round_.pk


def reset():
    """Before each Locust run: no report left (files removed with them), and fresh open ballot rounds."""
    import shutil

    from django.conf import settings

    from accounts.models import User
    from blocs.models import BlocYear, Membership
    from reports.models import Report
    from voting.domain import rounds
    from voting.enums import BallotRoundStatus
    from voting.models import BallotRound

    manifest = json.loads(MANIFEST.read_text())
    deleted, _ = Report.objects.all().delete()
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "reports", ignore_errors=True)
    for bloc in manifest["voting"]:
        secretariat = User.objects.get(pk=bloc["secretariat"])
        old = BallotRound.objects.get(pk=bloc["round"])
        if old.status in (BallotRoundStatus.DRAFT, BallotRoundStatus.OPEN):
            rounds.cancel_round(round=old, user=secretariat, reason="load test: next phase")
        bloc_year = BlocYear.objects.get(pk=bloc["bloc_year"])
        departments = [m.department for m in Membership.objects.filter(bloc_year=bloc_year).order_by("pk")
                       .select_related("department")]
        bloc["round"] = _open_round(bloc_year, secretariat, departments)
    _write(manifest)
    print(f"reset: {deleted} report rows removed, {len(manifest['voting'])} fresh ballot rounds open")


def _write(manifest):
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
