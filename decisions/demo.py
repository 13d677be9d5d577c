"""The demo's completed years end in recorded award decisions, through the real workflow (called by load_demo
after the awards demo, whose Board approves the nominations): Quảng Ngãi 2017 and Quảng Nam 2016.

For each year below whose nominations the Board approved: the Board publishes the province's list, a
department's officer files one comment and the Board answers it, the period ends and the Board sends the list
to the Council, then records the Chairman's decision. The Government Emulation Flag is the Prime Minister's to
award (Law on Emulation and Commendation, art. 25), so the provincial decision leaves it out and its outcome
says it is proposed to the Prime Minister. Decision numbers, dates, the signer's name, the comment and the
answer are illustrative: the seeds' reports do not give them. Quảng Nam 2016's awards are illustrative too
(awards/demo.py, ILLUSTRATIVE_AWARDS: the report names the ranking, not the awards). Each year is priced with
the base salary in force on its decision date. Idempotent: a second run finds every step done.
"""
import datetime
from dataclasses import dataclass

from django.db import transaction

from accounts.enums import Role
from accounts.models import User
from awards.enums import NominationStatus
from awards.models import Nomination
from blocs.models import Province
from decisions.domain import disclosures
from decisions.domain.records import LineInput, provincial_authority, record_decision
from decisions.enums import ComplaintKind, DisclosureStatus
from decisions.models import AwardDecision, BaseSalary, Complaint, Disclosure
from decisions.reference import seed_base_salaries

GOVERNMENT_FLAG = "co_thi_dua_chinh_phu"
SIGNER = "(Họ tên minh họa)"
COMMENT = ("Đề nghị Ban Thi đua - Khen thưởng làm rõ số liệu thành tích của đơn vị nêu trong hồ sơ đề nghị "
           "(ý kiến minh họa của dữ liệu mẫu).")
ANSWER = ("Ban Thi đua - Khen thưởng đã đối chiếu hồ sơ: số liệu khớp với báo cáo tổng kết năm của Khối "
          "(trả lời minh họa của dữ liệu mẫu).")


@dataclass(frozen=True)
class DemoDecision:
    province_code: str
    year: int
    published_on: datetime.date  # a Monday; the list stays public for the province's working days
    number_symbol: str  # illustrative: the reports do not give the decision's number
    decided_on: datetime.date


DECISIONS = [
    # Year-end conference 04/01/2018; base salary 1,300,000 VND (from 01/07/2017).
    DemoDecision("quang-ngai", 2017, datetime.date(2018, 1, 8), "125/QĐ-UBND", datetime.date(2018, 1, 22)),
    # Year-end conference (ballot, election, 2017 pledge) 24/02/2017; decided before the base salary rose on
    # 01/07/2017, so priced with 1,210,000 VND (from 01/05/2016).
    DemoDecision("quang-nam", 2016, datetime.date(2017, 3, 6), "86/QĐ-UBND", datetime.date(2017, 3, 20)),
]


def load(*, stdout=None):
    with transaction.atomic():
        seed_base_salaries(BaseSalary)  # the decisions are priced with them; a flushed database lacks them
        for plan in DECISIONS:
            province = Province.objects.filter(code=plan.province_code).first()
            if province is None or not _approved(province, plan.year):
                continue  # no approved nomination (yet): nothing to publish or decide
            if AwardDecision.objects.filter(province=province, number_symbol=plan.number_symbol).exists():
                continue
            decision = _run(province, plan)
            if stdout is not None and decision is not None:
                stdout.write(f"Công khai, trình Hội đồng và ghi nhận quyết định khen thưởng: {province.name} "
                             f"{plan.year} ({decision.number_symbol})")


def _approved(province, year):
    return Nomination.objects.filter(bloc_year__bloc__province=province, bloc_year__year=year,
                                     status=NominationStatus.APPROVED).exists()


def _run(province, plan):
    board = User.objects.filter(role=Role.BOARD, province=province, is_active=True).order_by("pk").first()
    if board is None:
        return None
    disclosure = Disclosure.objects.filter(province=province, year=plan.year).first() or \
        disclosures.publish_disclosure(province=province, year=plan.year, user=board, published_on=plan.published_on)
    _comment_and_answer(disclosure, board, plan)
    if disclosure.status != DisclosureStatus.SENT_TO_COUNCIL:
        after = disclosure.closes_on + datetime.timedelta(days=1)
        disclosures.close_disclosure(disclosure=disclosure, today=after)
        disclosures.send_to_council(disclosure=disclosure, user=board, today=after)
    return _decide(province, disclosure, board, plan)


def _comment_and_answer(disclosure, board, plan):
    """One comment by an officer of another department of the province on the first entry, answered."""
    entry = disclosure.entries.order_by("position").first()
    complaint = Complaint.objects.filter(disclosure=disclosure).order_by("pk").first()
    if complaint is None and disclosure.status == DisclosureStatus.OPEN:
        officer = (User.objects.filter(role=Role.OFFICER, department__province=disclosure.province, is_active=True)
                   .exclude(department=entry.department).order_by("username").first())
        if officer is None:
            return
        complaint = disclosures.file_complaint(disclosure=disclosure, entry=entry, kind=ComplaintKind.COMMENT,
                                               text=COMMENT, user=officer,
                                               today=plan.published_on + datetime.timedelta(days=1))
    if complaint is not None and not complaint.answer and disclosure.status != DisclosureStatus.SENT_TO_COUNCIL:
        disclosures.answer_complaint(complaint=complaint, answer=ANSWER, user=board,
                                     expected_version=complaint.version)


def _decide(province, disclosure, board, plan):
    disclosure.refresh_from_db()
    entries = list(disclosure.entries.select_related("award_type").order_by("position"))
    lines = [LineInput(entry=entry, awarded=entry.award_type.code != GOVERNMENT_FLAG) for entry in entries]
    proposed = [e.recipient_name for e in entries if e.award_type.code == GOVERNMENT_FLAG]
    outcome = "Hội đồng Thi đua - Khen thưởng tỉnh thống nhất khen thưởng các tập thể theo danh sách đã công khai"
    if proposed:
        outcome += (f"; đề nghị Thủ tướng Chính phủ tặng Cờ thi đua của Chính phủ cho {', '.join(proposed)} "
                    "(thẩm quyền của Thủ tướng)")
    return record_decision(
        province=province, year=plan.year, number_symbol=plan.number_symbol, decided_on=plan.decided_on,
        authority=provincial_authority(province), signer_position="Chủ tịch", signer_name=SIGNER,
        council_outcome=outcome + " (nội dung minh họa của dữ liệu mẫu).", lines=lines, user=board,
        disclosure=disclosure)
