"""Scale services: templates, copies, criteria, freezing and amendments, each with its audit record."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from blocs.enums import Phase
from scoring.domain import scales as services
from scoring.domain.queries.scales import scale_criteria
from scoring.domain.scale_checks import specs_from_criteria
from scoring.enums import CriterionKind, ScaleStatus
from scoring.models import Criterion, ScoringScale, ScoringSettings
from tests.factories.scoring import EntryFactory, SheetFactory
from tests.scoring.scales.conftest import B, small_specs, spec

pytestmark = pytest.mark.integration

FROZEN = ("Thang điểm đã khóa vì giao ước thi đua đã được ký; mọi thay đổi phải qua đề nghị sửa đổi được "
          "Ban Thi đua - Khen thưởng duyệt.")


def tree(scale):
    return [s.as_dict() for s in specs_from_criteria(scale_criteria(scale))]


def events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("id"))


def refused(message, action):
    before = (AuditEvent.objects.count(), sorted(Criterion.objects.values_list("pk", "code", "title", "kind",
                                                                                "max_points", "position")))
    with pytest.raises(ValidationError) as error:
        action()
    assert error.value.messages == [message]
    assert (AuditEvent.objects.count(), sorted(Criterion.objects.values_list(
        "pk", "code", "title", "kind", "max_points", "position"))) == before


# ---------------------------------------------------------------------------------------------- templates

def test_create_template_takes_the_default_bonus_cap_and_audits(world):
    scale = services.create_template(province=world.province, name=" Mẫu 1000 điểm ", total=1000,
                                     user=world.board, criteria=[spec("A", 1000), spec("A.1", 1000, parent="A")])
    assert (scale.name, scale.total, scale.bonus_cap, scale.status) == (
        "Mẫu 1000 điểm", Decimal("1000"), Decimal("100.00"), ScaleStatus.DRAFT)
    assert tree(scale) == [spec("A", 1000).as_dict(), spec("A.1", 1000, parent="A").as_dict()]
    [event] = events("scale.template_created")
    assert (event.actor_id, event.object_id, event.new_value["bonus_cap"], len(event.new_value["criteria"])) == (
        world.board.pk, str(scale.pk), "100.00", 2)


def test_default_bonus_cap_follows_the_province_settings(world):
    ScoringSettings.objects.create(province=world.province, bonus_cap_percent=Decimal("5"))
    scale = services.create_template(province=world.province, name="Mẫu", total=100, user=world.board)
    assert scale.bonus_cap == Decimal("5.00")


def test_create_template_refuses_an_invalid_tree_and_a_taken_name(world, template):
    with pytest.raises(ValidationError) as error:
        services.create_template(province=world.province, name="Khác", total=100, user=world.board,
                                 criteria=[spec("A", 90), spec("A.1", 90, parent="A")])
    assert error.value.messages == ["Tổng điểm các tiêu chí chấm điểm là 90, khác tổng điểm của thang điểm (100)."]
    with pytest.raises(ValidationError) as error:
        services.create_template(province=world.province, name="mẫu của tỉnh", total=100, user=world.board)
    assert error.value.messages == ["Tỉnh đã có thang điểm mẫu “mẫu của tỉnh”."]
    assert ScoringScale.objects.count() == 1


def test_update_scale_records_old_and_new(bloc_year_scale, world):
    services.update_scale(scale=bloc_year_scale, user=world.secretariat, name="Thang điểm 2026", bonus_cap="12,5")
    bloc_year_scale.refresh_from_db()
    assert (bloc_year_scale.name, bloc_year_scale.bonus_cap, bloc_year_scale.version) == (
        "Thang điểm 2026", Decimal("12.50"), 2)
    [event] = events("scale.changed")
    assert (event.old_value, event.new_value) == (
        {"name": "Thang điểm khối", "total": "100.00", "bonus_cap": "10.00", "status": "draft"},
        {"name": "Thang điểm 2026", "total": "100.00", "bonus_cap": "12.50", "status": "draft"})


def test_update_scale_refuses_a_bad_total(bloc_year_scale, world):
    refused("Tổng điểm “abc” không phải là số.",
            lambda: services.update_scale(scale=bloc_year_scale, user=world.board, total="abc"))
    refused("Tổng điểm phải lớn hơn 0 và không quá 999999,99.",
            lambda: services.update_scale(scale=bloc_year_scale, user=world.board, total=0))


# -------------------------------------------------------------------------------------------------- copy

def test_copy_deep_equals_the_template(world, template):
    template.is_illustrative = True
    template.save()
    copy = services.copy_template_to_bloc_year(template=template, bloc_year=world.own, user=world.secretariat)
    assert (copy.bloc_year, copy.province, copy.copied_from, copy.name, copy.total, copy.bonus_cap,
            copy.is_illustrative, copy.status) == (world.own, None, template, "Mẫu của tỉnh", Decimal("100"),
                                                   Decimal("10"), True, ScaleStatus.DRAFT)
    assert tree(copy) == tree(template) == [s.as_dict() for s in small_specs()]
    fields = ["code", "title", "kind", "max_points", "evidence_required", "guidance", "position", "parent__code"]
    assert list(copy.criteria.order_by("code").values(*fields)) == list(
        template.criteria.order_by("code").values(*fields))
    assert not set(copy.criteria.values_list("pk", flat=True)) & set(template.criteria.values_list("pk", flat=True))
    [event] = events("scale.copied")
    assert (event.actor_id, event.new_value["copied_from"], event.new_value["bloc_year"],
            len(event.new_value["criteria"])) == (world.secretariat.pk, template.pk, world.own.pk, 12)


def test_copy_is_refused_twice_across_provinces_and_from_a_bloc_year_scale(world, template, bloc_year_scale):
    refused("Năm thi đua đã có thang điểm.", lambda: services.copy_template_to_bloc_year(
        template=template, bloc_year=world.own, user=world.board))
    refused("Thang điểm mẫu không thuộc tỉnh của khối.", lambda: services.copy_template_to_bloc_year(
        template=template, bloc_year=world.far, user=world.board))
    refused("Chỉ sao chép được từ thang điểm mẫu của tỉnh.", lambda: services.copy_template_to_bloc_year(
        template=bloc_year_scale, bloc_year=world.other, user=world.board))


# ---------------------------------------------------------------------------------------------- criteria

def test_add_criterion_takes_its_group_kind_and_the_last_place(bloc_year_scale, world):
    group = bloc_year_scale.criteria.get(code="T")
    added = services.add_criterion(scale=bloc_year_scale, user=world.secretariat, parent=group, code=" T.2 ",
                                   title="Sáng kiến", max_points="2,5", evidence_required=True)
    assert (added.code, added.kind, added.max_points, added.position, added.parent) == (
        "T.2", CriterionKind.BONUS, Decimal("2.50"), 1, group)
    [event] = events("criterion.added")
    assert event.new_value == {"code": "T.2", "title": "Sáng kiến", "guidance": "", "kind": "bonus",
                               "max_points": "2.50", "evidence_required": True, "parent": "T", "position": 1}
    assert ScoringScale.objects.get(pk=bloc_year_scale.pk).version == 2


@pytest.mark.parametrize(("values", "message"), [
    ({"code": "I.1", "title": "X", "max_points": 1}, "Thang điểm đã có mã “I.1”."),
    ({"code": "", "title": "X", "max_points": 1}, "Mã tiêu chí không được để trống."),
    ({"code": "Z", "title": " ", "max_points": 1}, "Nội dung tiêu chí không được để trống."),
    ({"code": "Z", "title": "X", "max_points": "abc"}, "Điểm tối đa “abc” không phải là số."),
    ({"code": "Z", "title": "X", "max_points": -1}, "Điểm tối đa phải từ 0 đến 999999,99."),
    ({"code": "Z", "title": "X", "max_points": "1.005"}, "Điểm tối đa chỉ được có tối đa 2 chữ số thập phân."),
    ({"code": "Z", "title": "X", "max_points": 1, "kind": "other"}, "Loại tiêu chí “other” không hợp lệ."),
])
def test_add_criterion_refuses_bad_input(bloc_year_scale, world, values, message):
    refused(message, lambda: services.add_criterion(scale=bloc_year_scale, user=world.board, **values))


def test_add_criterion_refuses_a_fourth_level_and_another_kind(bloc_year_scale, world):
    sub = bloc_year_scale.criteria.get(code="II.1.a")
    refused("Không thể thêm cấp thứ tư: thang điểm có tối đa 3 cấp (nhóm → tiêu chí → tiêu chí con).",
            lambda: services.add_criterion(scale=bloc_year_scale, user=world.board, parent=sub, code="x",
                                           title="X", max_points=1))
    refused("Tiêu chí phải cùng loại với nhóm “I” (Tiêu chí chấm điểm).",
            lambda: services.add_criterion(scale=bloc_year_scale, user=world.board, code="I.3", title="X",
                                           max_points=1, kind=B, parent=bloc_year_scale.criteria.get(code="I")))


def test_update_criterion_records_old_and_new(bloc_year_scale, world):
    criterion = bloc_year_scale.criteria.get(code="I.2")
    services.update_criterion(criterion=criterion, user=world.board, title="Tham mưu", max_points=Decimal("25"),
                              guidance="Đúng hạn: đủ điểm.")
    [event] = events("criterion.changed")
    assert (event.old_value["title"], event.old_value["max_points"], event.new_value["title"],
            event.new_value["max_points"], event.new_value["guidance"]) == (
        "Nội dung I.2", "20.00", "Tham mưu", "25.00", "Đúng hạn: đủ điểm.")


def test_a_group_changing_kind_takes_its_children_along(bloc_year_scale, world):
    services.update_criterion(criterion=bloc_year_scale.criteria.get(code="T"), user=world.board, kind="penalty")
    assert sorted(bloc_year_scale.criteria.filter(code__startswith="T").values_list("code", "kind")) == [
        ("T", "penalty"), ("T.1", "penalty"), ("TR", "penalty"), ("TR.1", "penalty")]


def test_reparenting_keeps_three_levels_and_no_cycles(bloc_year_scale, world):
    group = bloc_year_scale.criteria.get(code="II")
    refused("Không thể chuyển tiêu chí vào chính nó hoặc tiêu chí con của nó.", lambda: services.update_criterion(
        criterion=group, user=world.board, parent=bloc_year_scale.criteria.get(code="II.1")))
    refused("Không thể chuyển: thang điểm có tối đa 3 cấp (nhóm → tiêu chí → tiêu chí con).",
            lambda: services.update_criterion(criterion=bloc_year_scale.criteria.get(code="II.1"), user=world.board,
                                              parent=bloc_year_scale.criteria.get(code="I.1")))
    moved = services.update_criterion(criterion=bloc_year_scale.criteria.get(code="I.2"), user=world.board,
                                      parent=group)
    assert (moved.parent, moved.position) == (group, 2)


def test_delete_criterion_removes_its_subtree_and_audits_it(bloc_year_scale, world):
    services.delete_criterion(criterion=bloc_year_scale.criteria.get(code="II.1"), user=world.secretariat)
    assert not bloc_year_scale.criteria.filter(code__startswith="II.1").exists()
    [event] = events("criterion.deleted")
    assert [c["code"] for c in event.old_value["criteria"]] == ["II.1", "II.1.a", "II.1.b"]


def test_delete_criterion_refused_once_points_were_entered(bloc_year_scale, world):
    sheet = SheetFactory(round__bloc_year=world.own, scored=world.own_departments[0])
    EntryFactory(sheet=sheet, criterion=bloc_year_scale.criteria.get(code="II.1.b"), points=Decimal("5"))
    refused("Không thể xóa “II”: đã có điểm chấm theo tiêu chí này.",
            lambda: services.delete_criterion(criterion=bloc_year_scale.criteria.get(code="II"), user=world.board))


def test_move_criterion_up_and_down(bloc_year_scale, world):
    services.move_criterion(criterion=bloc_year_scale.criteria.get(code="II"), direction="up", user=world.board)
    assert [c.code for c in scale_criteria(bloc_year_scale) if c.parent_id is None] == ["II", "I", "T", "TR"]
    [event] = events("criterion.moved")
    ids = {c.code: c.pk for c in bloc_year_scale.criteria.filter(parent=None)}
    assert (event.old_value, event.new_value) == (
        {"order": ["I", "II", "T", "TR"],
         "criteria": [{"id": ids[code], "code": code, "position": i} for i, code in enumerate(["I", "II", "T", "TR"])]},
        {"order": ["II", "I", "T", "TR"],
         "criteria": [{"id": ids[code], "code": code, "position": i} for i, code in enumerate(["II", "I", "T", "TR"])]})
    refused("“TR” đã ở cuối nhóm.", lambda: services.move_criterion(
        criterion=bloc_year_scale.criteria.get(code="TR"), direction="down", user=world.board))
    refused("“II” đã ở đầu nhóm.", lambda: services.move_criterion(
        criterion=bloc_year_scale.criteria.get(code="II"), direction="up", user=world.board))


# ----------------------------------------------------------------------------------- frozen and closed

@pytest.fixture
def frozen(bloc_year_scale, world):
    return services.freeze_scale(scale=bloc_year_scale, user=None)


def test_freezing_is_audited_once(frozen):
    assert frozen.status == ScaleStatus.FROZEN
    services.freeze_scale(scale=frozen, user=None)
    assert [(e.old_value, e.new_value) for e in events("scale.frozen")] == [
        ({"status": "draft"}, {"status": "frozen"})]


def test_frozen_scale_refuses_every_edit(frozen, world):
    criterion = frozen.criteria.get(code="I.1")
    for action in (
        lambda: services.update_scale(scale=frozen, user=world.board, name="X"),
        lambda: services.add_criterion(scale=frozen, user=world.board, code="Z", title="Z", max_points=1),
        lambda: services.update_criterion(criterion=criterion, user=world.board, max_points=30),
        lambda: services.delete_criterion(criterion=criterion, user=world.board),
        lambda: services.move_criterion(criterion=criterion, direction="down", user=world.board),
        lambda: services.replace_criteria(scale=frozen, criteria=small_specs(), user=world.board),
    ):
        refused(FROZEN, action)


def test_closed_year_refuses_edits(bloc_year_scale, world):
    world.own.phase = Phase.CLOSED
    world.own.save()
    refused("Năm thi đua 2026 đã kết thúc, không thể thay đổi thang điểm.",
            lambda: services.update_scale(scale=bloc_year_scale, user=world.board, name="X"))


def test_apply_scale_change_updates_a_frozen_scale_with_audit(frozen, world):
    change = {"op": "update", "criterion": "I.1", "max_points": "35", "title": "Chỉ tiêu năm"}
    services.apply_scale_change(scale=frozen, change=change, user=world.board)
    criterion = frozen.criteria.get(code="I.1")
    assert (criterion.max_points, criterion.title) == (Decimal("35"), "Chỉ tiêu năm")
    [changed] = events("criterion.changed")
    assert (changed.actor_id, changed.old_value["max_points"], changed.new_value["max_points"]) == (
        world.board.pk, "40.00", "35.00")
    [applied] = events("scale.amendment_applied")
    assert (applied.object_id, applied.new_value) == (str(frozen.pk), change)
    assert ScoringScale.objects.get(pk=frozen.pk).status == ScaleStatus.FROZEN


def test_apply_scale_change_adds_and_deletes(frozen, world):
    services.apply_scale_change(scale=frozen, user=world.board, change={
        "op": "add", "criterion": "I.3", "parent": "I", "title": "Nhiệm vụ mới", "max_points": 5,
        "evidence_required": "có"})
    added = frozen.criteria.get(code="I.3")
    assert (added.parent.code, added.kind, added.max_points, added.evidence_required) == (
        "I", "normal", Decimal("5"), True)
    services.apply_scale_change(scale=frozen, user=world.board, change={"op": "delete", "criterion": "TR.1"})
    assert not frozen.criteria.filter(code="TR.1").exists()
    assert [e.new_value["op"] for e in events("scale.amendment_applied")] == ["add", "delete"]


@pytest.mark.parametrize(("change", "message"), [
    ({"op": "rename", "criterion": "I.1"}, "Thao tác “rename” không hợp lệ (dùng add, update hoặc delete)."),
    ({"op": "update", "criterion": "Z.9", "title": "X"}, "Không tìm thấy tiêu chí mã “Z.9” trong thang điểm."),
    ({"op": "update", "criterion": "I.1", "colour": "red"}, "Trường không hợp lệ: colour."),
    ({"op": "update", "criterion": "I.1", "max_points": "mười"}, "Điểm tối đa “mười” không phải là số."),
    ({"op": "add", "criterion": "I.1", "title": "X", "max_points": 1}, "Thang điểm đã có mã “I.1”."),
    ("not a dict", "Nội dung thay đổi không hợp lệ."),
])
def test_apply_scale_change_refuses_a_malformed_change(frozen, world, change, message):
    refused(message, lambda: services.apply_scale_change(scale=frozen, change=change, user=world.board))


def test_replace_criteria_swaps_the_tree_and_records_both(bloc_year_scale, world):
    new = [spec("A", 1000), spec("A.1", 1000, parent="A")]
    services.replace_criteria(scale=bloc_year_scale, criteria=new, user=world.board, total=1000, bonus_cap=0)
    bloc_year_scale.refresh_from_db()
    assert (tree(bloc_year_scale), bloc_year_scale.total, bloc_year_scale.bonus_cap) == (
        [s.as_dict() for s in new], Decimal("1000"), Decimal("0"))
    [event] = events("scale.criteria_replaced")
    assert (len(event.old_value["criteria"]), event.old_value["total"], event.new_value["total"]) == (
        12, "100.00", "1000.00")
