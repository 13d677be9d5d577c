"""The pledge's services: drafting, opening, targets, signatures, completion and the scale freeze."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from audit.models import AuditEvent
from blocs.enums import Phase
from emulation.exceptions import ConflictError
from scoring.domain import pledges
from scoring.enums import PledgeStatus, ScaleStatus
from scoring.models import Pledge, PledgeSignature, ScoringScale, TargetRegistration
from tests.factories.blocs import ConferenceFactory
from tests.scoring.pledges.conftest import draft, register_all

pytestmark = pytest.mark.integration


def _json_time(value):
    return DjangoJSONEncoder().default(value)


def _events():
    return list(AuditEvent.objects.order_by("id").values_list("event_type", "object_type", "actor__username"))


def test_full_flow_freezes_the_scale_when_the_last_member_signs(ready):
    w = ready
    conference = ConferenceFactory(bloc_year=w.own)
    pledge = pledges.save_pledge(bloc_year=w.own, theme=" Đoàn kết ", contents="Nội dung", conference=conference,
                                 expected_version=0, user=w.secretariat)
    pledge = pledges.open_pledge_for_signing(pledge=pledge, user=w.board)
    register_all(w, pledge)
    signatures = [pledges.sign_pledge(pledge=pledge, department=d, user=leader)
                  for d, leader in zip(w.own_departments, w.leaders)]

    pledge.refresh_from_db()
    w.scale.refresh_from_db()
    assert (pledge.theme, pledge.contents, pledge.conference, pledge.status, pledge.version) == (
        "Đoàn kết", "Nội dung", conference, PledgeStatus.SIGNED, 3)
    assert pledge.signed_at == signatures[-1].signed_at
    assert (w.scale.status, w.scale.version) == (ScaleStatus.FROZEN, 2)
    assert list(PledgeSignature.objects.order_by("signed_at").values_list("department", "signed_by")) == [
        (d.pk, leader.pk) for d, leader in zip(w.own_departments, w.leaders)]
    assert _events() == [
        ("pledge.saved", "scoring.pledge", "secretariat"),
        ("pledge.opened", "scoring.pledge", "board"),
        ("pledge.targets_registered", "scoring.targetregistration", "secretariat"),
        ("pledge.targets_registered", "scoring.targetregistration", "secretariat"),
        ("pledge.targets_registered", "scoring.targetregistration", "secretariat"),
        ("pledge.signed", "scoring.pledgesignature", "leader0"),
        ("pledge.signed", "scoring.pledgesignature", "leader"),
        ("pledge.signed", "scoring.pledgesignature", "leader2"),
        ("pledge.completed", "scoring.pledge", "leader2"),
        ("scale.frozen", "scoring.scoringscale", "leader2"),
    ]
    saved, opened = AuditEvent.objects.order_by("id")[:2]
    assert (saved.old_value, saved.new_value) == (
        None, {"theme": "Đoàn kết", "contents": "Nội dung", "conference": conference.pk})
    assert (opened.old_value, opened.new_value) == ({"status": "draft"}, {"status": "open"})
    completed, frozen = AuditEvent.objects.order_by("-id")[1], AuditEvent.objects.order_by("-id")[0]
    assert completed.old_value == {"status": "open", "signed_at": None}
    assert completed.new_value == {"status": "signed", "signed_at": _json_time(pledge.signed_at)}
    assert (frozen.object_id, frozen.old_value, frozen.new_value) == (
        str(w.scale.pk), {"status": "draft"}, {"status": "frozen"})
    signed = AuditEvent.objects.filter(event_type="pledge.signed").first()
    assert (signed.object_id, signed.old_value, signed.new_value) == (str(signatures[0].pk), None, {
        "pledge": pledge.pk, "department": w.own_departments[0].pk, "signed_by": w.leaders[0].pk,
        "signed_at": _json_time(signatures[0].signed_at)})


def test_pledge_stays_open_until_every_member_has_signed(open_world):
    w = open_world
    pledges.sign_pledge(pledge=w.pledge, department=w.own_departments[1], user=w.leader)
    w.pledge.refresh_from_db()
    w.scale.refresh_from_db()
    assert (w.pledge.status, w.pledge.signed_at, w.scale.status) == (PledgeStatus.OPEN, None, ScaleStatus.DRAFT)


def test_second_signature_of_a_department_is_refused_with_who_and_when(open_world):
    w = open_world
    first = pledges.sign_pledge(pledge=w.pledge, department=w.own_departments[1], user=w.leader)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        pledges.sign_pledge(pledge=w.pledge, department=w.own_departments[1], user=w.leader)
    when = timezone.localtime(first.signed_at).strftime("%d/%m/%Y %H:%M")
    assert exc.value.messages == [
        f"{w.own_departments[1].name} đã ký giao ước lúc {when} (người ký: Người dùng); mỗi đơn vị chỉ ký một lần."]
    assert PledgeSignature.objects.count() == 1
    assert AuditEvent.objects.count() == before


def test_an_officer_cannot_sign(open_world):
    w = open_world
    with pytest.raises(PermissionDenied) as exc:
        pledges.sign_pledge(pledge=w.pledge, department=w.own_departments[2], user=w.officer)
    assert str(exc.value) == "Chỉ thủ trưởng của đơn vị mới được ký giao ước thay mặt đơn vị."
    assert not PledgeSignature.objects.exists()


def test_a_leader_cannot_sign_for_another_department(open_world):
    w = open_world
    with pytest.raises(PermissionDenied):
        pledges.sign_pledge(pledge=w.pledge, department=w.own_departments[0], user=w.leader)
    assert not PledgeSignature.objects.exists()


def test_signing_needs_registered_targets(ready):
    w = ready
    pledge = pledges.open_pledge_for_signing(pledge=draft(w), user=w.secretariat)
    with pytest.raises(ValidationError) as exc:
        pledges.sign_pledge(pledge=pledge, department=w.own_departments[1], user=w.leader)
    assert exc.value.messages == ["Đơn vị chưa đăng ký chỉ tiêu thi đua; hãy đăng ký chỉ tiêu trước khi ký."]


def test_signing_a_draft_pledge_is_refused(ready):
    w = ready
    pledge = draft(w)
    register_all(w, pledge)
    with pytest.raises(ValidationError) as exc:
        pledges.sign_pledge(pledge=pledge, department=w.own_departments[1], user=w.leader)
    assert exc.value.messages == ["Giao ước chưa được mở ký kết."]
    assert not PledgeSignature.objects.exists()


def test_targets_cannot_change_after_the_department_signed(open_world):
    w = open_world
    registration = TargetRegistration.objects.get(department=w.own_departments[1])
    pledges.sign_pledge(pledge=w.pledge, department=w.own_departments[1], user=w.leader)
    with pytest.raises(ValidationError) as exc:
        pledges.register_targets(pledge=w.pledge, department=w.own_departments[1], targets="Khác",
                                 expected_version=registration.version, user=w.leader)
    assert exc.value.messages == ["Đơn vị đã ký giao ước; chỉ tiêu đã đăng ký không thể thay đổi."]
    registration.refresh_from_db()
    assert registration.targets == "Chỉ tiêu của đơn vị 1"


def test_targets_cannot_change_after_the_pledge_is_signed(open_world):
    w = open_world
    for department, leader in zip(w.own_departments, w.leaders):
        pledges.sign_pledge(pledge=w.pledge, department=department, user=leader)
    with pytest.raises(ValidationError) as exc:
        pledges.register_targets(pledge=w.pledge, department=w.own_departments[2], targets="Khác",
                                 expected_version=1, user=w.secretariat)
    assert exc.value.messages == ["Giao ước đã được ký đủ; chỉ tiêu đăng ký không thể thay đổi."]


def test_targets_are_versioned(ready):
    w = ready
    pledge = draft(w)
    first = pledges.register_targets(pledge=pledge, department=w.own_departments[2], targets="Chỉ tiêu A",
                                     expected_version=0, user=w.officer)
    second = pledges.register_targets(pledge=pledge, department=w.own_departments[2], targets="Chỉ tiêu B",
                                      expected_version=1, user=w.officer)
    assert (first.pk, second.version, second.registered_by) == (second.pk, 2, w.officer)
    with pytest.raises(ConflictError) as exc:
        pledges.register_targets(pledge=pledge, department=w.own_departments[2], targets="Chỉ tiêu C",
                                 expected_version=1, user=w.secretariat)
    assert exc.value.messages == ["Chỉ tiêu của đơn vị vừa được người khác cập nhật; hãy tải lại trang và thử lại."]
    assert list(TargetRegistration.objects.values_list("targets", "version")) == [("Chỉ tiêu B", 2)]
    event = AuditEvent.objects.filter(event_type="pledge.targets_registered").last()
    assert (event.old_value, event.new_value) == (
        {"department": w.own_departments[2].pk, "targets": "Chỉ tiêu A"},
        {"department": w.own_departments[2].pk, "targets": "Chỉ tiêu B"})


@pytest.mark.parametrize(("targets", "message"), [
    ("   ", "Hãy nhập chỉ tiêu đăng ký của đơn vị."),
    ("x" * 10001, "Chỉ tiêu đăng ký không được dài quá 10000 ký tự."),
])
def test_bad_targets_are_refused(ready, targets, message):
    pledge = draft(ready)
    with pytest.raises(ValidationError) as exc:
        pledges.register_targets(pledge=pledge, department=ready.own_departments[0], targets=targets,
                                 expected_version=0, user=ready.secretariat)
    assert exc.value.messages == [message]
    assert not TargetRegistration.objects.exists()


def test_targets_of_a_non_member_are_refused(ready):
    pledge = draft(ready)
    with pytest.raises(ValidationError) as exc:
        pledges.register_targets(pledge=pledge, department=ready.other_departments[0], targets="X",
                                 expected_version=0, user=ready.secretariat)
    assert exc.value.messages == [
        f"“{ready.other_departments[0].name}” không phải là đơn vị thành viên của khối trong năm."]


def test_pledge_text_is_versioned_and_a_no_op_writes_nothing(ready):
    w = ready
    pledge = draft(w)
    with pytest.raises(ConflictError) as exc:
        pledges.save_pledge(bloc_year=w.own, theme="Khác", contents="Khác", expected_version=0, user=w.board)
    assert exc.value.messages == ["Giao ước vừa được người khác cập nhật; hãy tải lại trang và thử lại."]
    before = AuditEvent.objects.count()
    same = pledges.save_pledge(bloc_year=w.own, theme=pledge.theme, contents=pledge.contents, expected_version=1,
                               user=w.board)
    assert (same.version, AuditEvent.objects.count()) == (1, before)
    changed = pledges.save_pledge(bloc_year=w.own, theme="Mới", contents="Mới", expected_version=1, user=w.board)
    assert (changed.theme, changed.version) == ("Mới", 2)


def test_creating_a_pledge_with_a_stale_version_is_a_conflict(ready):
    with pytest.raises(ConflictError):
        pledges.save_pledge(bloc_year=ready.own, theme="", contents="", expected_version=3, user=ready.board)
    assert not Pledge.objects.exists()


def test_pledge_text_is_frozen_once_someone_signed(open_world):
    w = open_world
    pledges.sign_pledge(pledge=w.pledge, department=w.own_departments[1], user=w.leader)
    w.pledge.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        pledges.save_pledge(bloc_year=w.own, theme="X", contents="Y", expected_version=w.pledge.version,
                            user=w.secretariat)
    assert exc.value.messages == ["Đã có đơn vị ký giao ước; không thể sửa nội dung đã ký."]


def test_conference_of_another_bloc_year_is_refused(ready):
    with pytest.raises(ValidationError) as exc:
        pledges.save_pledge(bloc_year=ready.own, theme="", contents="", expected_version=0, user=ready.board,
                            conference=ConferenceFactory(bloc_year=ready.other))
    assert exc.value.messages == ["Hội nghị ký kết phải là một hội nghị của khối trong năm."]


def test_pledge_cannot_change_in_a_later_phase(ready):
    ready.own.phase = Phase.SCORING
    ready.own.save()
    with pytest.raises(ValidationError) as exc:
        draft(ready)
    assert exc.value.messages == [
        "Giao ước và chỉ tiêu chỉ thay đổi được ở giai đoạn chuẩn bị hoặc ký kết giao ước (hiện tại: Chấm điểm)."]


@pytest.mark.parametrize(("breakage", "message"), [
    ("no_scale", "Năm thi đua chưa có thang điểm; hãy lập thang điểm trước khi mở ký kết."),
    ("setup_phase", "Chỉ mở ký kết khi năm thi đua ở giai đoạn “Ký kết giao ước” (hiện tại: Chuẩn bị)."),
    ("no_deputy", "Cần có khối trưởng và khối phó trước khi mở ký kết giao ước."),
    ("no_contents", "Hãy soạn nội dung giao ước trước khi mở ký kết."),
])
def test_opening_needs_scale_phase_leadership_and_contents(ready, breakage, message):
    w = ready
    pledge = draft(w, contents="" if breakage == "no_contents" else "Nội dung")
    if breakage == "no_scale":
        ScoringScale.objects.all().delete()
    elif breakage == "setup_phase":
        w.own.phase = Phase.SETUP
        w.own.save()
    elif breakage == "no_deputy":
        w.own.deputy = None
        w.own.save()
    with pytest.raises(ValidationError) as exc:
        pledges.open_pledge_for_signing(pledge=pledge, user=w.secretariat)
    assert exc.value.messages == [message]
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.DRAFT


def test_opening_twice_is_refused(ready):
    pledge = pledges.open_pledge_for_signing(pledge=draft(ready), user=ready.secretariat)
    with pytest.raises(ValidationError) as exc:
        pledges.open_pledge_for_signing(pledge=pledge, user=ready.secretariat)
    assert exc.value.messages == ["Giao ước đã được mở ký kết (trạng thái: Đang ký kết)."]
