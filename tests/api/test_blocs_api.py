"""Behaviour of the organisation API: members, leadership with versions, phases, conferences, units."""
import pytest
from django.urls import reverse

from audit.models import AuditEvent
from blocs.enums import Phase
from blocs.models import Bloc, BlocYear, Conference, Department, Membership
from tests.api.conftest import snapshot

pytestmark = pytest.mark.integration

STALE = "Năm thi đua vừa được người khác cập nhật; hãy tải lại trang và thử lại."


def members_url(bloc_year):
    return reverse("v1:blocyear-members", args=[bloc_year.pk])


def test_add_member_then_it_is_listed(api_world, as_user):
    w = api_world
    client = as_user(w.secretariat)

    response = client.post(members_url(w.own), {"department": w.unassigned.pk, "joined_on": "2026-02-01"},
                           format="json")

    assert response.status_code == 201
    membership = Membership.objects.get(bloc_year=w.own, department=w.unassigned)
    assert response.json() == {"id": membership.pk, "bloc_year": w.own.pk, "department": w.unassigned.pk,
                               "year": 2026, "name_at_time": w.unassigned.name, "joined_on": "2026-02-01"}
    listed = client.get(members_url(w.own)).json()
    assert listed["count"] == 4
    assert w.unassigned.pk in [m["department"] for m in listed["results"]]
    assert AuditEvent.objects.filter(event_type="membership.added", object_id=str(membership.pk)).exists()


def test_remove_member_deletes_it(api_world, as_user):
    w = api_world
    membership = w.own.memberships.get(department=w.own_departments[2])

    response = as_user(w.board).delete(reverse("v1:membership-detail", args=[membership.pk]))

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_set_leadership_with_current_version(api_world, as_user):
    w = api_world
    leader, deputy = w.own_departments[2], w.own_departments[1]

    response = as_user(w.secretariat).patch(
        reverse("v1:blocyear-detail", args=[w.own.pk]),
        {"leader": leader.pk, "theme": "Đoàn kết, sáng tạo", "version": w.own.version}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["leader"], body["leader_name"], body["deputy"], body["theme"], body["version"]) == (
        leader.pk, leader.name, deputy.pk, "Đoàn kết, sáng tạo", 2)
    w.own.refresh_from_db()
    assert (w.own.leader_id, w.own.deputy_id, w.own.version) == (leader.pk, deputy.pk, 2)


def test_stale_version_answers_409_and_changes_nothing(api_world, as_user):
    w = api_world
    client = as_user(w.board)
    url = reverse("v1:blocyear-detail", args=[w.own.pk])
    assert client.patch(url, {"theme": "Lần một", "version": 1}, format="json").status_code == 200
    before = snapshot()

    response = client.patch(url, {"leader": w.own_departments[2].pk, "version": 1}, format="json")

    assert response.status_code == 409
    assert response.json() == {"detail": STALE}
    assert snapshot() == before
    phase = client.post(reverse("v1:blocyear-phase", args=[w.own.pk]), {"phase": "pledge", "version": 1},
                        format="json")
    assert (phase.status_code, phase.json()) == (409, {"detail": STALE})
    assert snapshot() == before


def test_phase_moves_one_step(api_world, as_user):
    w = api_world

    response = as_user(w.secretariat).post(reverse("v1:blocyear-phase", args=[w.own.pk]),
                                           {"phase": "pledge", "version": 1}, format="json")

    assert response.status_code == 200
    assert (response.json()["phase"], response.json()["phase_label"], response.json()["version"]) == (
        "pledge", "Ký kết giao ước", 2)
    assert BlocYear.objects.get(pk=w.own.pk).phase == Phase.PLEDGE


def test_conference_create_update_delete(api_world, as_user):
    w = api_world
    client = as_user(w.secretariat)
    host = w.own_departments[1]

    created = client.post(reverse("v1:conference-list"), {
        "bloc_year": w.own.pk, "kind": "year_end", "date": "2026-12-20", "host": host.pk,
        "place": "Hội trường Sở", "notes": ""}, format="json")
    assert created.status_code == 201
    conference = Conference.objects.get(pk=created.json()["id"])
    assert (conference.bloc_year_id, conference.kind, str(conference.date), conference.host_id) == (
        w.own.pk, "year_end", "2026-12-20", host.pk)
    assert created.json()["host_name"] == host.name

    url = reverse("v1:conference-detail", args=[conference.pk])
    patched = client.patch(url, {"place": "Nhà văn hóa", "bloc_year": w.other.pk}, format="json")
    assert patched.status_code == 200
    conference.refresh_from_db()
    assert (conference.place, conference.bloc_year_id, conference.host_id) == ("Nhà văn hóa", w.own.pk, host.pk)

    assert client.delete(url).status_code == 204
    assert not Conference.objects.filter(pk=conference.pk).exists()


def test_department_create_then_partial_update_keeps_the_name(api_world, as_user):
    w = api_world
    client = as_user(w.board)

    created = client.post(reverse("v1:department-list"),
                          {"province": w.province.pk, "name": "  Sở Khoa học và Công nghệ ", "kind": "so"},
                          format="json")
    assert created.status_code == 201
    department = Department.objects.get(pk=created.json()["id"])
    assert (department.province_id, department.name, department.kind) == (
        w.province.pk, "Sở Khoa học và Công nghệ", "so")

    patched = client.patch(reverse("v1:department-detail", args=[department.pk]), {"short_name": "KHCN"},
                           format="json")
    assert patched.status_code == 200
    department.refresh_from_db()
    assert (department.name, department.short_name, department.kind) == ("Sở Khoa học và Công nghệ", "KHCN", "so")


def test_bloc_and_year_created_with_members_copied(api_world, as_user):
    w = api_world
    client = as_user(w.board)

    bloc = client.post(reverse("v1:bloc-list"), {"province": w.province.pk, "name": "Khối Kinh tế"}, format="json")
    assert bloc.status_code == 201
    assert (bloc.json()["kind"], Bloc.objects.get(pk=bloc.json()["id"]).name) == ("khoi", "Khối Kinh tế")

    year = client.post(reverse("v1:blocyear-list"),
                       {"bloc": w.own.bloc_id, "year": 2027, "copy_members_from": w.own.pk}, format="json")
    assert year.status_code == 201
    created = BlocYear.objects.get(pk=year.json()["id"])
    assert (created.bloc_id, created.year, created.phase) == (w.own.bloc_id, 2027, Phase.SETUP)
    assert sorted(created.memberships.values_list("department_id", flat=True)) == sorted(
        d.pk for d in w.own_departments)


def test_lists_filter_search_and_order(api_world, as_user):
    w = api_world
    client = as_user(w.board)
    url = reverse("v1:department-list")

    by_province = client.get(url, {"province": w.province.pk, "ordering": "-name"}).json()["results"]
    names = [d["name"] for d in by_province]
    assert names == sorted((d.name for d in Department.objects.filter(province=w.province)), reverse=True)
    Department.objects.filter(pk=w.own_departments[0].pk).update(name="Kho bạc Nhà nước tỉnh")
    searched = client.get(url, {"search": "KHO BẠC"}).json()["results"]
    assert [d["id"] for d in searched] == [w.own_departments[0].pk]
    years = client.get(reverse("v1:blocyear-list"), {"bloc": w.other.bloc_id}).json()["results"]
    assert [y["id"] for y in years] == [w.other.pk]
