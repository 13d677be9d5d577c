import pytest
from django.db import IntegrityError, connection, transaction

from blocs.models import Membership
from tests.factories.blocs import BlocFactory, BlocYearFactory, DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.integration


def test_membership_one_bloc_per_year_holds_under_orm_insert(db):
    membership = MembershipFactory()
    elsewhere = BlocYearFactory(bloc=BlocFactory(province=membership.department.province), year=membership.year)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(bloc_year=elsewhere, department=membership.department,
                                  year=elsewhere.year, name_at_time="x")


def test_membership_one_bloc_per_year_holds_under_raw_sql_insert(db):
    membership = MembershipFactory()
    elsewhere = BlocYearFactory(bloc=BlocFactory(province=membership.department.province), year=membership.year)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO blocs_membership (bloc_year_id, department_id, year, name_at_time) "
            "VALUES (%s, %s, %s, 'x')", [elsewhere.pk, membership.department_id, elsewhere.year])


def test_membership_year_must_match_bloc_year_under_raw_sql(db):
    """A direct insert cannot dodge the rule by writing another year into the membership row."""
    membership = MembershipFactory()
    elsewhere = BlocYearFactory(bloc=BlocFactory(province=membership.department.province), year=membership.year)
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO blocs_membership (bloc_year_id, department_id, year, name_at_time) "
                "VALUES (%s, %s, %s, 'x')", [elsewhere.pk, membership.department_id, elsewhere.year + 1])
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_membership_same_department_in_consecutive_years_is_allowed(db):
    membership = MembershipFactory()
    next_year = BlocYearFactory(bloc=membership.bloc_year.bloc, year=membership.year + 1)
    again = Membership.objects.create(bloc_year=next_year, department=membership.department,
                                      year=next_year.year, name_at_time=membership.name_at_time)
    assert list(Membership.objects.filter(department=membership.department).values_list("year", flat=True)
                .order_by("year")) == [2026, 2027]
    assert again.pk is not None


def test_blocyear_leader_and_deputy_cannot_be_the_same_department(db):
    bloc_year = BlocYearFactory()
    dept = DepartmentFactory(province=bloc_year.bloc.province)
    bloc_year.leader = bloc_year.deputy = dept
    with pytest.raises(IntegrityError), transaction.atomic():
        bloc_year.save()


def test_blocyear_unique_per_bloc_and_year(db):
    bloc_year = BlocYearFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BlocYearFactory(bloc=bloc_year.bloc, year=bloc_year.year)


def test_department_cannot_succeed_itself(db):
    dept = DepartmentFactory()
    dept.successor = dept
    with pytest.raises(IntegrityError), transaction.atomic():
        dept.save()
