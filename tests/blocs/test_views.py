import pytest
from django.urls import reverse

from audit.models import AuditEvent
from blocs.models import BlocYear, Conference, Membership

pytestmark = pytest.mark.integration


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_secretariat_adds_member_through_the_page(world, client):
    client.force_login(world.secretariat)
    url = reverse("blocs:member_add", args=[world.own.pk])
    response = client.post(url, {"department": world.unassigned.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("blocs:bloc_year_detail", args=[world.own.pk])
    assert "Đã thêm đơn vị thành viên." in _messages(response)
    assert Membership.objects.filter(bloc_year=world.own, department=world.unassigned).exists()
    assert world.unassigned.name in response.content.decode()


@pytest.mark.parametrize("bad", ["abc", "", "-1", "999999"])
def test_add_member_bad_input_is_refused_in_vietnamese(world, client, bad):
    client.force_login(world.secretariat)
    before = Membership.objects.count()
    response = client.post(reverse("blocs:member_add", args=[world.own.pk]), {"department": bad})
    assert response.status_code == 200
    errors = response.context["form"].errors["department"]
    assert errors in (["Đơn vị không hợp lệ hoặc đã thuộc một khối trong năm."], ["Trường này là bắt buộc."])
    assert Membership.objects.count() == before


def test_add_member_of_another_bloc_is_refused(world, client):
    client.force_login(world.secretariat)
    taken = world.other_departments[0]
    response = client.post(reverse("blocs:member_add", args=[world.own.pk]), {"department": taken.pk})
    assert response.context["form"].errors["department"] == [
        "Đơn vị không hợp lệ hoặc đã thuộc một khối trong năm."]
    assert not Membership.objects.filter(bloc_year=world.own, department=taken).exists()


def test_leadership_form_with_stale_version_shows_conflict_and_keeps_data(world, client):
    client.force_login(world.board)
    url = reverse("blocs:bloc_year_leadership", args=[world.own.pk])
    BlocYear.objects.filter(pk=world.own.pk).update(version=2)
    response = client.post(url, {"leader": world.own_departments[2].pk, "deputy": world.own_departments[1].pk,
                                 "theme": "Chủ đề", "version": 1})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Năm thi đua vừa được người khác cập nhật; hãy tải lại trang và thử lại."]
    world.own.refresh_from_db()
    assert world.own.leader == world.own_departments[0]
    assert AuditEvent.objects.count() == 0


def test_conference_is_added_edited_and_deleted_by_the_secretariat(world, client):
    client.force_login(world.secretariat)
    add = reverse("blocs:conference_add", args=[world.own.pk])
    client.post(add, {"kind": "mid_year", "date": "2026-07-17", "host": world.own_departments[1].pk,
                      "place": "Hội trường Sở", "notes": ""})
    conference = Conference.objects.get(bloc_year=world.own)
    assert (conference.kind, str(conference.date), conference.host) == ("mid_year", "2026-07-17",
                                                                       world.own_departments[1])
    client.post(reverse("blocs:conference_edit", args=[conference.pk]),
                {"kind": "mid_year", "date": "2026-07-18", "place": "Hội trường B", "notes": "Đổi ngày"})
    conference.refresh_from_db()
    assert (str(conference.date), conference.place, conference.host) == ("2026-07-18", "Hội trường B", None)
    client.post(reverse("blocs:conference_delete", args=[conference.pk]))
    assert not Conference.objects.exists()
    assert list(AuditEvent.objects.values_list("event_type", flat=True)) == [
        "conference.saved", "conference.saved", "conference.deleted"]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"kind": "nonsense"}, "kind", "Hãy chọn một lựa chọn hợp lệ. nonsense không phải là một trong các lựa chọn khả thi."),
    ({"kind": "year_end", "date": "31/02/2026"}, "date", "Nhập một ngày hợp lệ."),
    ({"kind": "year_end", "date": "1990-01-01"}, "date", "Ngày hội nghị phải gần năm thi đua 2026."),
])
def test_conference_bad_input_changes_nothing(world, client, data, field, message):
    client.force_login(world.secretariat)
    response = client.post(reverse("blocs:conference_add", args=[world.own.pk]), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not Conference.objects.exists()


def test_phase_form_offers_only_neighbouring_phases(world, client):
    client.force_login(world.board)
    response = client.get(reverse("blocs:bloc_year_phase", args=[world.own.pk]))
    assert [c[0] for c in response.context["form"].fields["phase"].choices] == ["pledge"]
    client.post(reverse("blocs:bloc_year_phase", args=[world.own.pk]), {"phase": "pledge", "version": 1})
    world.own.refresh_from_db()
    assert world.own.phase == "pledge"


def test_removing_the_leader_through_the_page_is_refused_with_message(world, client):
    client.force_login(world.secretariat)
    membership = world.own.memberships.get(department=world.own.leader)
    response = client.post(reverse("blocs:member_remove", args=[membership.pk]), follow=True)
    assert any("Không thể xóa khối trưởng" in m for m in _messages(response))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_bloc_year_create_by_board_copies_members(world, client):
    client.force_login(world.board)
    response = client.post(reverse("blocs:bloc_year_create", args=[world.own.bloc_id]),
                           {"year": 2027, "copy_members": "on"})
    created = BlocYear.objects.get(bloc=world.own.bloc, year=2027)
    assert response.url == reverse("blocs:bloc_year_detail", args=[created.pk])
    assert created.memberships.count() == 3


def test_search_and_sort_on_department_list(world, client):
    client.force_login(world.board)
    target = world.own_departments[1]
    response = client.get(reverse("blocs:department_list"), {"q": target.name, "sort": "-name"})
    assert [d.pk for d in response.context["departments"]] == [target.pk]
    response = client.get(reverse("blocs:department_list"), {"sort": "-name"})
    names = [d.name for d in response.context["departments"]]
    assert names == sorted(names, reverse=True)
    # An unknown sort key falls back to the default instead of reaching the ORM.
    assert client.get(reverse("blocs:department_list"), {"sort": "password"}).status_code == 200
