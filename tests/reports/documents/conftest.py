"""Fixtures of the document tests: files in a temporary media folder, PDF readers (poppler's pdftotext and
pdffonts, pyHanko's reader for the page boxes), and a bloc-year with everything its documents show."""
import re
import subprocess
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from pyhanko.pdf_utils.reader import PdfFileReader

from awards.enums import NominationStatus
from awards.models import Nomination
from reports.domain import pipeline
from scoring.enums import Classification, CriterionKind, PledgeStatus, RoundKind, RoundStatus, ScaleStatus
from scoring.models import Pledge, Ranking, RankingEntry, TargetRegistration
from tests.factories.accounts import leader_user
from tests.factories.awards import AwardTypeFactory
from tests.factories.blocs import BlocFactory, BlocYearFactory, MembershipFactory
from tests.factories.scoring import CriterionFactory, RoundFactory, ScaleFactory
from tests.factories.voting import BallotRoundFactory
from voting.enums import BallotRoundStatus, ElectionMethod, ElectionStatus, RoundPurpose
from voting.models import Election

MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def render(kind, subject, user, capture):
    """Request a report and run its rendering (eager Celery, after the commit); the report reloaded."""
    with capture(execute=True):
        report = pipeline.request_report(kind=kind, user=user, subject=subject)
    report.refresh_from_db()
    return report


def pdf_path(report, tmp_path):
    path = tmp_path / f"{report.pk}.pdf"
    path.write_bytes(default_storage.open(report.issued_file.name).read())
    return path


def pdftotext(path, *, page=None, layout=False):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdffonts(path):
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def page_boxes(path):
    """[(MediaBox, TrimBox)] of every page, in points, read with pyHanko's PDF reader."""
    with open(path, "rb") as handle:
        reader = PdfFileReader(handle)
        return [([float(v) for v in page["/MediaBox"]], [float(v) for v in page.get("/TrimBox", page["/MediaBox"])])
                for page in (reader.root["/Pages"]["/Kids"][i].get_object()
                             for i in range(len(reader.root["/Pages"]["/Kids"])))]


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def words_by_page(path):
    """Every word with its box (points, from the top-left corner), page by page (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = []
    for chunk in html.split("<page ")[1:]:
        pages.append([(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD.findall(chunk)])
    return pages


def _body(words, page_number):
    """The words of the page's body: without the page number printed in the top margin."""
    return [w for w in words if not (w[4] == str(page_number) and w[3] < 20 * MM)]


def assert_margins(path):
    """Every page's text keeps to the decree's margins (top and bottom ≥ 20 mm, left 30–35 mm, right ≥ 15 mm),
    and starts at the top and left margins, with lines reaching the right one somewhere (≤ 20 mm)."""
    width, height = 210 * MM, 297 * MM
    rights = []
    for number, words in enumerate(words_by_page(path), start=1):
        body = _body(words, number)
        left, right = min(w[0] for w in body), max(w[2] for w in body)
        top, bottom = min(w[1] for w in body), max(w[3] for w in body)
        rights.append(width - right)
        assert 30 * MM <= left <= 35 * MM, (number, left / MM)
        assert width - right >= 15 * MM, (number, (width - right) / MM)
        assert 20 * MM <= top <= 25 * MM + 8, (number, top / MM)  # the first line's top, leading included
        assert height - bottom >= 20 * MM, (number, (height - bottom) / MM)
    assert min(rights) <= 20 * MM


def populated_bloc_year(members, *, province=None, names=None):
    """A bloc-year of `members` units with what every document shows: a frozen-scale pledge with targets,
    a finalised year-end ranking (self, cross, final, groups), a counted round, nominations, an election,
    and a leader account per unit. `names`: the units' names (default: the factory's)."""
    bloc_year = BlocYearFactory(bloc=BlocFactory(**({"province": province} if province else {})))
    rows = [MembershipFactory(bloc_year=bloc_year, **({"department__name": names[i], "name_at_time": names[i]}
                                                     if names else {})) for i in range(members)]
    departments = [m.department for m in rows]
    bloc_year.leader, bloc_year.deputy = departments[0], departments[1]
    bloc_year.save()
    for department in departments:
        leader_user(department)
    _scale(bloc_year)
    _pledge(bloc_year, departments)
    _ranking(bloc_year, rows)
    _ballot(bloc_year, rows)
    award = AwardTypeFactory(province=bloc_year.bloc.province, name="Cờ thi đua của UBND tỉnh")
    Nomination.objects.bulk_create(Nomination(bloc_year=bloc_year, award_type=award, department=d,
                                              status=NominationStatus.SUBMITTED, summary=f"Thành tích của {d.name}")
                                   for d in departments)
    Election.objects.create(bloc_year=bloc_year, method=ElectionMethod.BALLOT, leader=departments[1],
                            deputy=departments[2 % members], status=ElectionStatus.CLOSED)
    return bloc_year


def _scale(bloc_year):
    scale = ScaleFactory(bloc_year=bloc_year, status=ScaleStatus.FROZEN)
    for code, maximum in (("I", "60"), ("II", "40")):
        group = CriterionFactory(scale=scale, code=code, title=f"Nhóm {code}", max_points=Decimal(maximum))
        for n in (1, 2):
            CriterionFactory(scale=scale, parent=group, code=f"{code}.{n}", max_points=Decimal(maximum) / 2)
    CriterionFactory(scale=scale, code="TR", title="Điểm trừ", kind=CriterionKind.PENALTY, max_points=5)


def _pledge(bloc_year, departments):
    pledge = Pledge.objects.create(bloc_year=bloc_year, theme="Đoàn kết, đổi mới", status=PledgeStatus.SIGNED,
                                   contents="Hoàn thành toàn diện nhiệm vụ.\nĐẩy mạnh cải cách hành chính.")
    TargetRegistration.objects.bulk_create(TargetRegistration(pledge=pledge, department=d,
                                                              targets=f"Chỉ tiêu của {d.name}") for d in departments)


def _ranking(bloc_year, rows, *, kind=RoundKind.YEAR_END, status=RoundStatus.FINALISED):
    """A stored ranking: unit i is ranked i; the first two went through the tie-break (the trace says so)."""
    round_ = RoundFactory(bloc_year=bloc_year, kind=kind, status=status)
    groups = [{"code": "I", "kind": "normal", "title": "Nhóm I", "max_points": "60.00"},
              {"code": "II", "kind": "normal", "title": "Nhóm II", "max_points": "40.00"}]
    ranking = Ranking.objects.create(round=round_, computed_at=datetime(2026, 12, 20, tzinfo=timezone.utc),
                                     settings_snapshot={"groups": groups, "scale_total": "100.00",
                                                        "aggregation_method": "mean_of_cross",
                                                        "tie_break_chain": ["first_group", "ballot"]})
    entries = []
    trace = [{"text": f"{rows[0].name_at_time} và {rows[1].name_at_time} bằng điểm; xếp theo điểm nhóm I.",
              "needs_ballot": False}]
    for rank, membership in enumerate(rows, start=1):
        inspector = rows[rank % len(rows)]
        final = Decimal("95") - rank
        entries.append(RankingEntry(
            ranking=ranking, department=membership.department, self_score=final + 2, final_score=final,
            cross_scores=[{"sheet": rank, "inspector": inspector.department_id,
                           "inspector_name": inspector.name_at_time, "total": str(final)}],
            group_scores={"I": str(final - 35), "II": "35.00"}, classification=Classification.EXCELLENT,
            rank=rank, tie_break_trace=trace if rank <= 2 else []))
    RankingEntry.objects.bulk_create(entries)


def _ballot(bloc_year, rows):
    round_ = BallotRoundFactory(bloc_year=bloc_year, purpose=RoundPurpose.RANKING, status=BallotRoundStatus.CLOSED,
                                title="Bình chọn đơn vị dẫn đầu", electorate=len(rows))
    counts = [{"candidate": i, "department": m.department_id, "name": m.name_at_time, "votes": len(rows) - i,
               "chosen": i == 0, "tied": False} for i, m in enumerate(rows)]
    round_.result = {"electorate": len(rows), "cast": len(rows), "online": len(rows), "paper": 0,
                     "valid": len(rows), "blank": 0, "invalid": 0, "quorum": [2, 3], "quorum_needed": 2,
                     "quorum_reached": True, "threshold": [1, 2], "threshold_votes": len(rows) // 2 + 1,
                     "seats": 1, "counts": counts, "chosen": [rows[0].department_id], "tied": [],
                     "remaining_seats": 0, "outcome": "chosen", "runoff": None}
    round_.closed_at = datetime(2026, 12, 21, tzinfo=timezone.utc)
    round_.save()
    return round_


@pytest.fixture
def full_year(db):
    return populated_bloc_year(4)

