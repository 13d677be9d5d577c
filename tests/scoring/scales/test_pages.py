"""Scale pages: the bloc-year scale page and its copy, criterion forms, frozen scales, Excel, settings."""
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from scoring.domain.scales import freeze_scale
from scoring.exporters.scales import XLSX_CONTENT_TYPE, export_scale
from scoring.models import Criterion, ScoringScale, ScoringSettings
from tests.matrix import pages_scoring_scales as matrix
from tests.scoring.scales.conftest import small_specs, write_tree
from tests.scoring.scales.test_excel import workbook

pytestmark = pytest.mark.integration


def text(response):
    return response.content.decode()


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_bloc_year_without_scale_offers_the_province_templates_to_the_secretariat(client, world, template):
    url = reverse("scoring:bloc_year_scale", args=[world.own.pk])
    client.force_login(world.secretariat)
    page = client.get(url)
    assert "Năm thi đua chưa có thang điểm." in text(page)
    assert list(page.context["copy_form"].fields["template"].queryset) == [template]
    client.force_login(world.officer)
    page = client.get(url)
    assert "copy_form" not in page.context and 'data-testid="copy-form"' not in text(page)


def test_copying_a_template_from_the_page(client, world, template):
    client.force_login(world.secretariat)
    response = client.post(reverse("scoring:bloc_year_scale_copy", args=[world.own.pk]),
                           {"template": template.pk}, follow=True)
    scale = ScoringScale.objects.get(bloc_year=world.own)
    assert response.redirect_chain == [(reverse("scoring:bloc_year_scale", args=[world.own.pk]), 302)]
    assert messages_of(response) == [
        "Đã sao chép thang điểm mẫu; thư ký khối có thể điều chỉnh trước khi ký giao ước."]
    assert (scale.copied_from, scale.criteria.count()) == (template, 12)
    assert [r.node.code for r in response.context["rows"]][:3] == ["I", "I.1", "I.2"]
    assert response.context["problems"] == []


def test_copy_page_refuses_a_template_of_another_province(client, world):
    far_template = ScoringScale.objects.create(province=world.far_province, name="Xa", total=100)
    client.force_login(world.board)
    response = client.post(reverse("scoring:bloc_year_scale_copy", args=[world.own.pk]),
                           {"template": far_template.pk})
    assert response.context["form"].errors == {"template": ["Thang điểm mẫu không hợp lệ."]}
    assert not ScoringScale.objects.filter(bloc_year=world.own).exists()


def test_scale_page_shows_tree_totals_and_problems(client, world, bloc_year_scale):
    bloc_year_scale.criteria.filter(code="I.2").update(max_points=Decimal("15"))
    client.force_login(world.officer)
    page = client.get(reverse("scoring:bloc_year_scale", args=[world.own.pk]))
    assert page.context["problems"] == [
        "“I”: điểm tối đa 60 khác tổng điểm các tiêu chí con (55).",
        "Tổng điểm các tiêu chí chấm điểm là 95, khác tổng điểm của thang điểm (100).",
    ]
    assert page.context["totals"] == {"total": "100", "bonus_cap": "10", "normal": "95", "bonus": "10",
                                      "penalty": "5"}
    assert "Tiêu chí chấm điểm: 95/100 · Điểm thưởng: 10 (trần 10) · Điểm trừ tối đa: 5" in text(page)
    assert (page.context["can_change"], reverse("scoring:criterion_add", args=[bloc_year_scale.pk]) in text(page)) \
        == (False, False)


def test_illustrative_scales_are_labelled(client, world, template):
    template.is_illustrative = True
    template.save()
    client.force_login(world.officer)
    assert "Thang điểm mẫu minh họa" in text(client.get(reverse("scoring:template_detail", args=[template.pk])))
    assert "Thang điểm mẫu minh họa" in text(client.get(reverse("scoring:template_list")))


def test_adding_a_criterion_through_the_form(client, world, bloc_year_scale):
    client.force_login(world.secretariat)
    group = bloc_year_scale.criteria.get(code="I")
    url = reverse("scoring:criterion_add", args=[bloc_year_scale.pk]) + f"?parent={group.pk}"
    assert client.get(url).context["form"].initial == {"parent": group.pk, "kind": "normal"}
    response = client.post(url, {"parent": group.pk, "code": "I.3", "title": "Nhiệm vụ đột xuất", "kind": "normal",
                                 "max_points": "2,5", "guidance": ""}, follow=True)
    added = Criterion.objects.get(scale=bloc_year_scale, code="I.3")
    assert (added.parent, added.max_points, added.evidence_required) == (group, Decimal("2.5"), False)
    assert messages_of(response) == ["Đã thêm tiêu chí."]


def test_criterion_form_rejects_bad_points_in_vietnamese(client, world, bloc_year_scale):
    client.force_login(world.secretariat)
    response = client.post(reverse("scoring:criterion_add", args=[bloc_year_scale.pk]),
                           {"code": "III", "title": "Nhóm", "kind": "normal", "max_points": "mười"})
    assert response.context["form"].errors == {"max_points": ["Hãy nhập một số (ví dụ 10 hoặc 2,5)."]}
    assert not Criterion.objects.filter(code="III").exists()


def test_parent_choices_exclude_the_criterion_its_subtree_and_the_third_level(client, world, bloc_year_scale):
    client.force_login(world.secretariat)
    form = client.get(reverse("scoring:criterion_edit", args=[bloc_year_scale.criteria.get(code="II").pk])
                      ).context["form"]
    assert [c.code for c in form.fields["parent"].queryset] == ["I", "I.1", "I.2", "T", "T.1", "TR", "TR.1"]


def test_frozen_scale_refuses_edits_with_a_message(client, world, bloc_year_scale):
    freeze_scale(scale=bloc_year_scale, user=None)
    criterion = bloc_year_scale.criteria.get(code="I.1")
    client.force_login(world.secretariat)
    page = client.get(reverse("scoring:bloc_year_scale", args=[world.own.pk]))
    assert "Thang điểm đã khóa vì giao ước thi đua đã được ký" in text(page)
    assert reverse("scoring:criterion_edit", args=[criterion.pk]) not in text(page)
    events = AuditEvent.objects.count()
    response = client.post(reverse("scoring:criterion_edit", args=[criterion.pk]),
                           {"parent": criterion.parent_id, "code": "I.1", "title": "Đổi", "kind": "normal",
                            "max_points": "10"})
    assert response.context["form"].non_field_errors() == [
        "Thang điểm đã khóa vì giao ước thi đua đã được ký; mọi thay đổi phải qua đề nghị sửa đổi được "
        "Ban Thi đua - Khen thưởng duyệt."]
    criterion.refresh_from_db()
    assert (criterion.title, AuditEvent.objects.count()) == ("Nội dung I.1", events)


def test_moving_a_criterion_with_htmx_redirects_to_the_scale(client, world, bloc_year_scale):
    client.force_login(world.board)
    response = client.post(reverse("scoring:criterion_move", args=[bloc_year_scale.criteria.get(code="I.2").pk]),
                           {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert (response.status_code, response["Location"]) == (302, reverse("scoring:bloc_year_scale",
                                                                         args=[world.own.pk]))
    assert list(bloc_year_scale.criteria.filter(parent__code="I").order_by("position").values_list(
        "code", flat=True)) == ["I.2", "I.1"]


def test_move_buttons_only_where_a_move_is_possible(client, world, bloc_year_scale):
    client.force_login(world.board)
    html = text(client.get(reverse("scoring:bloc_year_scale", args=[world.own.pk])))
    assert ("Chuyển I lên" in html, "Chuyển I xuống" in html, "Chuyển TR xuống" in html,
            "Chuyển II.1.b lên" in html, "Chuyển II.1.b xuống" in html) == (False, True, False, True, False)


def test_deleting_a_criterion_from_the_page(client, world, bloc_year_scale):
    client.force_login(world.secretariat)
    response = client.post(reverse("scoring:criterion_delete", args=[bloc_year_scale.criteria.get(code="II").pk]),
                           follow=True)
    assert messages_of(response) == ["Đã xóa tiêu chí."]
    assert sorted(bloc_year_scale.criteria.values_list("code", flat=True)) == [
        "I", "I.1", "I.2", "T", "T.1", "TR", "TR.1"]


def test_export_downloads_an_xlsx(client, world, bloc_year_scale):
    client.force_login(world.officer)
    response = client.get(reverse("scoring:scale_export", args=[bloc_year_scale.pk]))
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        XLSX_CONTENT_TYPE, 'attachment; filename="thang-diem-khoi.xlsx"')
    assert response.content[:2] == b"PK"


def test_import_page_lists_every_bad_row_and_changes_nothing(client, world, bloc_year_scale):
    client.force_login(world.secretariat)
    file = workbook(("I", "Nhóm", 100), ("I.1", "Một", "abc"), ("I.2", "", 5))
    file.name = "thang-diem.xlsx"
    response = client.post(reverse("scoring:scale_import", args=[bloc_year_scale.pk]), {"file": file})
    assert response.context["form"].non_field_errors() == [
        "Dòng 5: điểm tối đa 'abc' không phải là số", "Dòng 6: thiếu nội dung tiêu chí"]
    assert bloc_year_scale.criteria.count() == 12


def test_import_page_replaces_the_tree(client, world, bloc_year_scale, template):
    client.force_login(world.secretariat)
    file = BytesIO(export_scale(template))
    file.name = "mau.xlsx"
    template.criteria.filter(code="I.1").update(title="Đổi tên")
    response = client.post(reverse("scoring:scale_import", args=[bloc_year_scale.pk]), {"file": file}, follow=True)
    assert messages_of(response) == ["Đã nhập thang điểm từ tệp Excel."]
    assert bloc_year_scale.criteria.get(code="I.1").title == "Nội dung I.1"


def test_creating_a_template_from_an_excel_file(client, world, template):
    client.force_login(world.board)
    file = BytesIO(export_scale(template))
    file.name = "mau.xlsx"
    response = client.post(reverse("scoring:template_create", args=[world.province.pk]),
                           {"name": "Mẫu nhập", "total": "", "bonus_cap": "", "file": file}, follow=True)
    created = ScoringScale.objects.get(name="Mẫu nhập")
    assert (created.province, created.total, created.bonus_cap, created.criteria.count()) == (
        world.province, Decimal("100"), Decimal("10"), 12)
    assert response.redirect_chain == [(reverse("scoring:template_detail", args=[created.pk]), 302)]


def test_upload_forms_send_multipart(client, world, template):
    client.force_login(world.board)
    for url in (reverse("scoring:template_create", args=[world.province.pk]),
                reverse("scoring:scale_import", args=[template.pk])):
        assert 'enctype="multipart/form-data"' in text(client.get(url)), url


def test_creating_a_template_needs_a_total(client, world):
    client.force_login(world.board)
    response = client.post(reverse("scoring:template_create", args=[world.province.pk]), {"name": "Mẫu"})
    assert response.context["form"].non_field_errors() == ["Hãy nhập tổng điểm."]


def test_template_list_searches_and_sorts(client, world):
    for name, total in (("Mẫu B", 1000), ("Mẫu A", 100), ("Khác", 100)):
        ScoringScale.objects.create(province=world.province, name=name, total=total)
    ScoringScale.objects.create(province=world.far_province, name="Mẫu xa", total=100)
    client.force_login(world.board)
    page = client.get(reverse("scoring:template_list"), {"q": "mẫu", "sort": "-total"})
    assert [(t.name, t.total_text) for t in page.context["templates"]] == [("Mẫu B", "1000"), ("Mẫu A", "100")]


# ---------------------------------------------------------------------------------------------- settings

SETTINGS_POST = {"aggregation_method": "median_of_cross", "discrepancy_percent": "15", "excellent_percent": "85",
                 "good_percent": "70", "complete_percent": "50", "tie_break_1": "fewer_penalties",
                 "tie_break_2": "first_group", "tie_break_3": "", "inspectors_per_member": "2",
                 "bonus_cap_percent": "12,5", "version": "1"}


def test_settings_page_shows_the_defaults_and_saves_with_audit(client, world):
    client.force_login(world.board)
    url = reverse("scoring:scoring_settings", args=[world.province.pk])
    assert client.get(url).context["form"].initial["tie_break_1"] == "first_group"
    response = client.post(url, SETTINGS_POST, follow=True)
    assert messages_of(response) == ["Đã lưu quy định chấm điểm."]
    saved = ScoringSettings.objects.get(province=world.province)
    assert (saved.aggregation_method, saved.tie_break_chain, saved.inspectors_per_member, saved.bonus_cap_percent,
            saved.version) == ("median_of_cross", ["fewer_penalties", "first_group"], 2, Decimal("12.5"), 2)
    [event] = AuditEvent.objects.filter(event_type="scoring_settings.changed")
    assert (event.old_value["tie_break_chain"], event.new_value["discrepancy_percent"]) == (
        ["first_group", "fewer_penalties", "ballot"], "15.00")


@pytest.mark.parametrize(("changes", "message"), [
    ({"version": "7"}, "Quy định chấm điểm vừa được người khác cập nhật; hãy tải lại trang."),
    ({"good_percent": "90"}, "Ngưỡng xếp loại phải giảm dần: hoàn thành xuất sắc > hoàn thành tốt > hoàn thành."),
    ({"tie_break_2": "fewer_penalties"}, "Thứ tự phá thế hòa phải gồm các tiêu chí khác nhau, hợp lệ."),
])
def test_settings_page_refuses_bad_input(client, world, changes, message):
    client.force_login(world.board)
    response = client.post(reverse("scoring:scoring_settings", args=[world.province.pk]), SETTINGS_POST | changes)
    assert response.context["form"].non_field_errors() == [message]
    assert not ScoringSettings.objects.exists()


# ------------------------------------------------------------------------------ refused POSTs, queries

@pytest.fixture
def matrix_world(world, superuser):
    world.superuser = superuser
    return world


POSTS = ["scoring:template_create", "scoring:scoring_settings", "scoring:bloc_year_scale_copy", "scoring:scale_edit",
         "scoring:scale_import", "scoring:criterion_add", "scoring:criterion_edit", "scoring:criterion_delete",
         "scoring:criterion_move"]


def _refused_posts():
    for name in POSTS:
        expectations, _args = matrix.PAGE_MATRIX[name]
        for variant, by_role in expectations.items():
            for role, status in by_role.items():
                if status not in (200, 405):
                    yield pytest.param(name, variant, role, status, id=f"{name}-{variant}-{role}")


@pytest.mark.parametrize(("name", "variant", "role", "status"), list(_refused_posts()))
def test_refused_post_changes_nothing(client, matrix_world, name, variant, role, status):
    url = reverse(name, args=matrix.PAGE_MATRIX[name][1](matrix_world, variant))
    before = (AuditEvent.objects.count(), Criterion.objects.count(), ScoringScale.objects.count())
    if role != "anonymous":
        client.force_login(getattr(matrix_world, role))
    response = client.post(url, {"name": "X", "total": "100", "code": "Z", "title": "Z", "kind": "normal",
                                 "max_points": "1", "direction": "up", **SETTINGS_POST})
    assert response.status_code == status
    assert (AuditEvent.objects.count(), Criterion.objects.count(), ScoringScale.objects.count()) == before


def _scale_of_size(world, n_criteria, template):
    """A bloc-year scale (or a template) with one group per ten criteria."""
    where = {"province": world.province} if template else {"bloc_year": world.own}
    scale = ScoringScale.objects.create(**where, name="Thang điểm", total=n_criteria, bonus_cap=0)
    for g in range(0, n_criteria, 10):
        group = Criterion.objects.create(scale=scale, code=f"G{g}", title="Nhóm", max_points=min(10, n_criteria - g))
        Criterion.objects.bulk_create(Criterion(scale=scale, parent=group, code=f"G{g}.{i}", title="Tiêu chí",
                                                max_points=1, position=i) for i in range(min(10, n_criteria - g)))
    return scale


def _queries(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["board", "officer"])
def test_template_list_queries_do_not_grow_with_the_rows(client, world, role):
    ScoringScale.objects.create(province=world.province, name="Mẫu 0", total=100)
    few = _queries(client, getattr(world, role), reverse("scoring:template_list"))
    for n in range(1, 25):
        write_tree(ScoringScale.objects.create(province=world.province, name=f"Mẫu {n}", total=100), small_specs())
    many = _queries(client, getattr(world, role), reverse("scoring:template_list"))
    assert few == many


def _page_url(scale):
    if scale.province_id:
        return reverse("scoring:template_detail", args=[scale.pk])
    return reverse("scoring:bloc_year_scale", args=[scale.bloc_year_id])


@pytest.mark.parametrize(("role", "template"), [("secretariat", False), ("officer", False), ("board", True)])
def test_scale_page_queries_do_not_grow_with_the_criteria(client, world, role, template):
    """3 criteria or 60: the same number of queries (the tree is built from one query)."""
    scale = _scale_of_size(world, 3, template)
    few = _queries(client, getattr(world, role), _page_url(scale))
    scale.delete()
    many = _queries(client, getattr(world, role), _page_url(_scale_of_size(world, 60, template)))
    assert few == many
