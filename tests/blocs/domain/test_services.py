import pytest
from django.core.exceptions import ValidationError

from audit.domain.services import verify_chain
from audit.models import AuditEvent
from blocs.domain import services
from blocs.enums import Phase
from blocs.models import BlocYear, Membership
from emulation.exceptions import ConflictError
from tests.factories.blocs import BlocFactory, BlocYearFactory, DepartmentFactory, ProvinceFactory

pytestmark = pytest.mark.integration


def test_add_member_records_name_of_the_time_and_audits(world):
    dept = world.unassigned
    membership = services.add_member(bloc_year=world.own, department=dept, user=world.secretariat)
    dept.name = "Sở Mới Đổi Tên"
    dept.save()
    membership.refresh_from_db()
    assert membership.name_at_time != "Sở Mới Đổi Tên"
    assert membership.year == world.own.year
    event = AuditEvent.objects.get(event_type="membership.added")
    assert (event.actor, event.object_id, event.new_value) == (
        world.secretariat, str(membership.pk), {"bloc_year": world.own.pk, "department": dept.pk})


def test_add_member_refuses_department_already_in_another_bloc_that_year(world):
    taken = world.other_departments[0]
    with pytest.raises(ValidationError) as exc:
        services.add_member(bloc_year=world.own, department=taken, user=world.board)
    assert f"“{taken.name}” đã là thành viên của {world.other.bloc.name} năm 2026." in exc.value.messages
    assert not Membership.objects.filter(bloc_year=world.own, department=taken).exists()
    assert AuditEvent.objects.count() == 0


def test_add_member_refuses_department_of_another_province(world):
    with pytest.raises(ValidationError, match="không thuộc tỉnh của khối"):
        services.add_member(bloc_year=world.own, department=world.far_departments[0], user=world.board)


def test_add_member_refuses_after_pledge_phase(world):
    BlocYear.objects.filter(pk=world.own.pk).update(phase=Phase.SCORING)
    world.own.refresh_from_db()
    with pytest.raises(ValidationError, match="Chỉ thay đổi thành viên"):
        services.add_member(bloc_year=world.own, department=world.unassigned, user=world.board)


def test_add_member_refuses_a_department_that_has_a_successor(world):
    successor = DepartmentFactory(province=world.province)
    services.record_succession(department=world.unassigned, successor=successor, kind="merged",
                               effective_on=None, user=world.board)
    with pytest.raises(ValidationError, match="đã thôi hoạt động"):
        services.add_member(bloc_year=world.own, department=world.unassigned, user=world.board)


def test_remove_member_refuses_the_leader(world):
    leader_membership = world.own.memberships.get(department=world.own.leader)
    with pytest.raises(ValidationError, match="Không thể xóa khối trưởng"):
        services.remove_member(membership=leader_membership, user=world.board)
    assert Membership.objects.filter(pk=leader_membership.pk).exists()


def test_remove_member_deletes_and_audits_old_value(world):
    membership = world.own.memberships.get(department=world.own_departments[2])
    services.remove_member(membership=membership, user=world.secretariat)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(event_type="membership.removed")
    assert event.old_value == {"bloc_year": world.own.pk, "department": world.own_departments[2].pk}


def test_set_leadership_requires_members_and_two_different_units(world):
    by = world.own
    with pytest.raises(ValidationError, match="Khối trưởng phải là đơn vị thành viên"):
        services.set_leadership(bloc_year=by, leader=world.unassigned, deputy=None,
                                expected_version=by.version, user=world.board)
    with pytest.raises(ValidationError, match="hai đơn vị khác nhau"):
        services.set_leadership(bloc_year=by, leader=world.own_departments[2], deputy=world.own_departments[2],
                                expected_version=by.version, user=world.board)
    by.refresh_from_db()
    assert (by.leader, by.deputy, by.version) == (world.own_departments[0], world.own_departments[1], 1)


def test_set_leadership_with_stale_version_is_a_conflict_and_changes_nothing(world):
    by = world.own
    services.set_leadership(bloc_year=by, leader=world.own_departments[2], deputy=world.own_departments[1],
                            expected_version=1, user=world.board)
    with pytest.raises(ConflictError):
        services.set_leadership(bloc_year=by, leader=world.own_departments[0], deputy=world.own_departments[1],
                                expected_version=1, user=world.secretariat)
    by.refresh_from_db()
    assert (by.leader, by.version) == (world.own_departments[2], 2)
    event = AuditEvent.objects.get(event_type="bloc_year.leadership_changed")
    assert event.old_value == {"leader_id": world.own_departments[0].pk, "deputy_id": world.own_departments[1].pk}
    assert event.new_value == {"leader_id": world.own_departments[2].pk, "deputy_id": world.own_departments[1].pk}


def test_change_phase_moves_one_step_only(world):
    by = world.own
    with pytest.raises(ValidationError, match="Chỉ chuyển sang giai đoạn liền kề"):
        services.change_phase(bloc_year=by, phase=Phase.SCORING, expected_version=by.version, user=world.board)
    services.change_phase(bloc_year=by, phase=Phase.PLEDGE, expected_version=by.version, user=world.board)
    assert BlocYear.objects.get(pk=by.pk).phase == Phase.PLEDGE


def test_change_phase_to_pledge_needs_leader_and_deputy(world):
    with pytest.raises(ValidationError, match="Cần có khối trưởng và khối phó"):
        services.change_phase(bloc_year=world.other, phase=Phase.PLEDGE, expected_version=1, user=world.board)


def test_conference_host_must_be_a_member(world):
    with pytest.raises(ValidationError, match="Đơn vị đăng cai phải là thành viên"):
        services.save_conference(bloc_year=world.own, user=world.board, kind="year_end",
                                 host=world.other_departments[0])


def test_create_bloc_year_copies_members_from_previous_year(world):
    next_year = services.create_bloc_year(bloc=world.own.bloc, year=2027, user=world.board,
                                          copy_members_from=world.own)
    assert sorted(next_year.memberships.values_list("department_id", flat=True)) == sorted(
        d.pk for d in world.own_departments)
    with pytest.raises(ValidationError, match="đã có năm thi đua 2027"):
        services.create_bloc_year(bloc=world.own.bloc, year=2027, user=world.board)


def test_create_bloc_refuses_duplicate_name_in_province(db):
    bloc = BlocFactory(province=ProvinceFactory())
    with pytest.raises(ValidationError, match="đã có khối thi đua"):
        services.create_bloc(province=bloc.province, name=bloc.name.upper(), kind="khoi", user=None)


def _bypass_audit_trigger(sql, params):
    """Tamper with the table the way an intruder with database access would (trigger disabled)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete")


def test_audit_chain_verifies_and_finds_an_edited_record(world):
    services.add_member(bloc_year=world.own, department=world.unassigned, user=world.board)
    services.save_conference(bloc_year=world.own, user=world.board, kind="mid_year", place="Hội trường A")
    assert verify_chain() == []
    first = AuditEvent.objects.order_by("id").first()
    _bypass_audit_trigger("UPDATE audit_auditevent SET new_value = %s WHERE id = %s", ['{"forged": 1}', first.pk])
    assert verify_chain() == [first.pk]


def test_audit_chain_finds_a_removed_record(world):
    for dept in [world.unassigned, DepartmentFactory(province=world.province)]:
        services.add_member(bloc_year=world.own, department=dept, user=world.board)
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    _bypass_audit_trigger("DELETE FROM audit_auditevent WHERE id = %s", [ids[0]])
    assert verify_chain() == [ids[1]]


def test_audit_table_refuses_update_and_delete_on_postgresql(world):
    from django.db import DatabaseError, connection, transaction

    services.add_member(bloc_year=world.own, department=world.unassigned, user=world.board)
    event = AuditEvent.objects.get()
    assert connection.vendor == "postgresql"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(event_type="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get().event_type == "membership.added"
