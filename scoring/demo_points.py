"""The points of the demo's completed years (pure): seeded totals that follow the reported order, and cells
that add up to them exactly, with a comment on every deduction as the services require.

Everything is drawn from random.Random seeded with a string (hashed with SHA-512, so the same on every run
and machine): a second load computes the same cells and finds them already saved.
"""
import random
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from scoring.enums import CriterionKind

QUARTER = Decimal("0.25")
ZERO = Decimal("0")
# Deduction steps, in points; the repeated ones are the common ones.
STEPS = tuple(Decimal(s) for s in ("0.25", "0.5", "0.5", "0.75", "1", "1", "1.5", "2"))

# Why a cell lost points: one plausible reason per criterion of the demo scale (blocs/demo/scale-100.yaml).
DEDUCTION_REASONS = {
    "I.1": "Một số chỉ tiêu kế hoạch năm đạt thấp hơn mức đã đăng ký.",
    "I.2": "Có văn bản tham mưu trình chậm so với tiến độ được giao.",
    "I.3": "Một nhiệm vụ đột xuất hoàn thành chậm so với yêu cầu.",
    "I.4": "Phần đóng góp vào chỉ tiêu kinh tế - xã hội của tỉnh chưa đạt kế hoạch.",
    "I.5": "Tỷ lệ hồ sơ xử lý trên môi trường mạng chưa đạt chỉ tiêu.",
    "II.1": "Kế hoạch thi đua của đơn vị ban hành chậm.",
    "II.2": "Một số nội dung của giao ước thực hiện chưa đầy đủ.",
    "II.3": "Điển hình tiên tiến được giới thiệu, nhân rộng còn ít.",
    "II.4": "Hồ sơ đề nghị khen thưởng gửi chậm, phải bổ sung.",
    "II.5": "Vắng một hoạt động chung của Khối (có báo cáo lý do).",
    "III.1": "Còn hồ sơ thủ tục hành chính giải quyết quá hạn.",
    "III.2": "Có trường hợp chưa chấp hành nghiêm giờ giấc làm việc.",
    "III.3": "Báo cáo công tác phòng, chống tham nhũng nộp chậm.",
    "IV.1": "Một số chỉ tiêu xây dựng tổ chức Đảng chưa đạt.",
    "IV.2": "Hoạt động của các đoàn thể chưa đều, chưa có mô hình nổi bật.",
    "IV.3": "Đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh ở một số phòng chưa cụ thể.",
}
DEFAULT_REASON = "Thực hiện chưa đầy đủ yêu cầu của tiêu chí."
BONUS_NOTE = "Mô hình mới, sáng kiến được Hội đồng sáng kiến của tỉnh công nhận."
PENALTY_NOTE = "Nộp báo cáo tổng kết năm chậm so với thời hạn của Khối."


@dataclass(frozen=True)
class Leaf:
    """A scored criterion as the generator needs it."""

    code: str
    kind: str
    max_points: Decimal


@dataclass(frozen=True)
class Cell:
    code: str
    points: Decimal
    comment: str


@dataclass(frozen=True)
class MemberTargets:
    """What one member's sheets add up to: the cross-inspection total (its final score) and its self score."""

    cross: Decimal
    self_total: Decimal
    bonus: Decimal
    penalty: Decimal  # deducted points, positive


def rng_for(*parts):
    return random.Random(":".join(str(p) for p in parts))


def member_targets(*, ranked, others, full, rng):
    """Targets per member name: `ranked` (the reported order) first, then each list of `others` in a seeded
    order, with strictly falling cross totals so the ranking has no tie. The reported leaders earn a small
    bonus (a new model or initiative), the last member a late-report penalty; each self score is 0.5–2.5
    points above the inspectors' (a self-assessment is lenient), within the 10 % that flags a discrepancy."""
    order = list(ranked)
    for names in others:
        order += rng.sample(sorted(names), len(names))
    total = full - 4 + QUARTER * rng.randint(0, 6)
    targets = {}
    for index, name in enumerate(order):
        bonus = max(ZERO, Decimal(2) - Decimal("0.5") * index) if index < len(ranked) else ZERO
        penalty = Decimal(1) if index == len(order) - 1 and len(order) > 2 else ZERO
        self_total = min(full + bonus, total + penalty + QUARTER * rng.randint(2, 10))
        targets[name] = MemberTargets(cross=total, self_total=self_total, bonus=bonus, penalty=penalty)
        total -= QUARTER * rng.randint(3, 8)
    return targets


def sheet_cells(*, leaves, total, bonus=ZERO, penalty=ZERO, rng):
    """Cells of one sheet adding up to `total` = normal points + bonus − penalty: deductions in quarter
    points spread over the normal criteria (weighted by their maximum, never more than half of one), each
    with its reason; the bonus on the last bonus criterion, the penalty on the last penalty criterion."""
    normal = [leaf for leaf in leaves if leaf.kind == CriterionKind.NORMAL]
    full = sum((leaf.max_points for leaf in normal), ZERO)
    deductions = spread(full - (total - bonus + penalty), normal, rng)
    cells = [Cell(code=leaf.code, points=leaf.max_points - deductions[leaf.code],
                  comment=DEDUCTION_REASONS.get(leaf.code, DEFAULT_REASON) if deductions[leaf.code] else "")
             for leaf in normal]
    if bonus:
        cells.append(Cell(code=_last(leaves, CriterionKind.BONUS).code, points=bonus, comment=BONUS_NOTE))
    if penalty:
        cells.append(Cell(code=_last(leaves, CriterionKind.PENALTY).code, points=-penalty, comment=PENALTY_NOTE))
    return cells


def spread(amount, leaves, rng):
    """Split `amount` (a multiple of 0.25) into per-criterion deductions: {code: Decimal}."""
    room = {leaf.code: _floor_quarter(leaf.max_points / 2) for leaf in leaves}
    if amount < 0 or amount > sum(room.values(), ZERO):
        raise ValueError(f"Cannot deduct {amount} points from these criteria.")
    taken = dict.fromkeys(room, ZERO)
    while amount > 0:
        candidates = [leaf for leaf in leaves if taken[leaf.code] < room[leaf.code]]
        leaf = rng.choices(candidates, weights=[float(c.max_points) for c in candidates])[0]
        step = min(amount, rng.choice(STEPS), room[leaf.code] - taken[leaf.code])
        taken[leaf.code] += step
        amount -= step
    return taken


def _floor_quarter(value):
    return (value / QUARTER).to_integral_value(rounding=ROUND_FLOOR) * QUARTER


def _last(leaves, kind):
    return [leaf for leaf in leaves if leaf.kind == kind][-1]
