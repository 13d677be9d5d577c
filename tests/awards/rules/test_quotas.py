"""Quotas: set by the Board with a version, never below the approvals, and one place per approval."""
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEvent
from awards.domain.rules import create_award_type
from awards.domain.quotas import quota_usage, quota_usage_many, reserve_quota_place, set_quota
from awards.enums import NominationStatus
from awards.models import Quota
from blocs.enums import Phase
from emulation.exceptions import ConflictError
from tests.factories.awards import NominationFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def flags(catalogue):
    w = catalogue
    w.flag = w.types["co_thi_dua_tinh"]
    return w


def nominate(w, department, status, award_type=None):
    return NominationFactory(bloc_year=w.own, award_type=award_type or w.flag, department=department, status=status)


def test_the_board_sets_then_changes_a_quota_with_its_version(flags):
    w = flags
    quota = set_quota(bloc_year=w.own, award_type=w.flag, places=2, expected_version=0, user=w.board)
    assert (quota.places, quota.version) == (2, 1)
    quota = set_quota(bloc_year=w.own, award_type=w.flag, places=3, expected_version=1, user=w.board)
    assert (Quota.objects.get().places, quota.version) == (3, 2)
    events = list(AuditEvent.objects.filter(event_type="quota.set").order_by("id").values_list(
        "actor", "old_value", "new_value"))
    assert events == [
        (w.board.pk, None, {"bloc_year": w.own.pk, "award_type": "co_thi_dua_tinh", "places": 2, "version": 1}),
        (w.board.pk, {"places": 2, "version": 1},
         {"bloc_year": w.own.pk, "award_type": "co_thi_dua_tinh", "places": 3, "version": 2})]


@pytest.mark.parametrize("stale", [0, 2, None])
def test_a_stale_version_is_a_conflict_and_changes_nothing(flags, stale):
    w = flags
    set_quota(bloc_year=w.own, award_type=w.flag, places=2, expected_version=0, user=w.board)
    with pytest.raises(ConflictError) as exc:
        set_quota(bloc_year=w.own, award_type=w.flag, places=5, expected_version=stale, user=w.board)
    assert exc.value.messages == ["Chỉ tiêu “Cờ thi đua của UBND tỉnh” vừa được người khác cập nhật; hãy tải lại "
                                  "trang và thử lại."]
    assert list(Quota.objects.values_list("places", "version")) == [(2, 1)]


def test_a_quota_never_drops_below_the_approved_nominations(flags):
    w = flags
    set_quota(bloc_year=w.own, award_type=w.flag, places=2, expected_version=0, user=w.board)
    nominate(w, w.own_departments[0], NominationStatus.APPROVED)
    nominate(w, w.own_departments[1], NominationStatus.APPROVED)
    with pytest.raises(ValidationError) as exc:
        set_quota(bloc_year=w.own, award_type=w.flag, places=1, expected_version=1, user=w.board)
    assert exc.value.messages == ["Không thể giảm chỉ tiêu “Cờ thi đua của UBND tỉnh” xuống 1: đã chấp thuận 2 đề "
                                  "nghị."]
    assert set_quota(bloc_year=w.own, award_type=w.flag, places=2, expected_version=1, user=w.board).version == 2


@pytest.mark.parametrize("places", [-1, 101, "2", True, 1.5])
def test_bad_places_are_refused(flags, places):
    w = flags
    with pytest.raises(ValidationError) as exc:
        set_quota(bloc_year=w.own, award_type=w.flag, places=places, expected_version=0, user=w.board)
    assert exc.value.messages == ["Số lượng phải là số nguyên từ 0 đến 100."]
    assert not Quota.objects.exists()


def test_a_closed_year_or_a_foreign_award_type_is_refused(flags):
    w = flags
    far_type = create_award_type(province=w.far_province, code="co", name="Cờ", user=w.far_board)
    with pytest.raises(ValidationError) as exc:
        set_quota(bloc_year=w.own, award_type=far_type, places=1, expected_version=0, user=w.board)
    assert exc.value.messages == ["Hình thức khen thưởng không thuộc tỉnh của khối."]
    w.own.phase = Phase.CLOSED
    w.own.save()
    with pytest.raises(ValidationError) as exc:
        set_quota(bloc_year=w.own, award_type=w.flag, places=1, expected_version=0, user=w.board)
    assert exc.value.messages == ["Năm thi đua 2026 đã kết thúc, không thể thay đổi chỉ tiêu."]


def test_usage_counts_what_was_sent_and_what_was_approved(flags):
    w = flags
    d0, d1, d2 = w.own_departments
    set_quota(bloc_year=w.own, award_type=w.flag, places=2, expected_version=0, user=w.board)
    nominate(w, d0, NominationStatus.APPROVED)
    nominate(w, d1, NominationStatus.UNDER_REVIEW)
    nominate(w, d2, NominationStatus.DRAFT)
    nominate(w, d2, NominationStatus.REJECTED, award_type=w.types["co_thi_dua_chinh_phu"])
    nominate(w, d1, NominationStatus.RETURNED, award_type=w.types["bang_khen_chu_tich_tinh"])
    rows = [(u.award_type.code, u.places, u.submitted, u.approved, u.remaining, u.version)
            for u in quota_usage(bloc_year=w.own)]
    assert rows == [
        ("co_thi_dua_chinh_phu", None, 0, 0, None, 0),
        ("co_thi_dua_tinh", 2, 2, 1, 1, 1),
        ("bang_khen_chu_tich_tinh", None, 0, 0, None, 0),  # returned: back with the secretariat
        ("tap_the_lao_dong_xuat_sac", None, 0, 0, None, 0),
        ("tap_the_lao_dong_tien_tien", None, 0, 0, None, 0),
    ]


def test_usage_of_many_bloc_years_costs_a_constant_number_of_queries(flags, django_assert_num_queries):
    w = flags
    with django_assert_num_queries(4):
        usage = quota_usage_many(bloc_years=[w.own, w.other, w.far])
    assert [len(usage[by.pk]) for by in (w.own, w.other, w.far)] == [5, 5, 0]


def test_no_place_without_a_quota_or_once_it_is_full(flags):
    w = flags
    with transaction.atomic(), pytest.raises(ValidationError) as exc:
        reserve_quota_place(bloc_year=w.own, award_type=w.flag)
    assert exc.value.messages == ["Ban Thi đua - Khen thưởng chưa giao chỉ tiêu “Cờ thi đua của UBND tỉnh” cho khối "
                                  "năm 2026."]
    set_quota(bloc_year=w.own, award_type=w.flag, places=1, expected_version=0, user=w.board)
    with transaction.atomic():
        assert reserve_quota_place(bloc_year=w.own, award_type=w.flag).places == 1
    nominate(w, w.own_departments[0], NominationStatus.APPROVED)
    with transaction.atomic(), pytest.raises(ValidationError) as exc:
        reserve_quota_place(bloc_year=w.own, award_type=w.flag)
    assert exc.value.messages == ["Đã hết chỉ tiêu “Cờ thi đua của UBND tỉnh” của khối năm 2026: 1 suất, đã chấp "
                                  "thuận 1."]
