import pytest
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from blocs.models import Bloc, BlocYear, Conference, Department, Membership

from tests.factories.accounts import UserFactory, officer_user
from tests.factories.blocs import ConferenceFactory, DepartmentFactory

PASSWORD = "matkhau-thu-nghiem"  # tests/factories/accounts.py


@pytest.fixture
def api_world(world):
    """`world`, plus what the API matrix needs: a superuser, a conference and a free unit in every
    scope, an account in the far province, and a leader and deputy in every bloc-year."""
    world.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    world.conferences = {v: ConferenceFactory(bloc_year=getattr(world, v)) for v in ("own", "other", "far")}
    world.far_unassigned = DepartmentFactory(province=world.far_province)
    world.far_officer = officer_user(world.far_departments[2], username="far_officer")
    for bloc_year, departments in ((world.other, world.other_departments), (world.far, world.far_departments)):
        bloc_year.leader, bloc_year.deputy = departments[0], departments[1]
        bloc_year.save()
    return world


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def as_user(api_client):
    """as_user(user) → an APIClient signed in (session) as that user."""
    def sign_in(user):
        api_client.force_login(user)
        return api_client

    return sign_in


def snapshot():
    """The rows an API call could change; a refused call must leave them equal."""
    return {
        "memberships": sorted(Membership.objects.values_list("id", "bloc_year_id", "department_id")),
        "bloc_years": sorted(BlocYear.objects.values_list("id", "leader_id", "deputy_id", "phase", "theme",
                                                          "version")),
        "conferences": sorted(Conference.objects.values_list("id", "kind", "date", "host_id", "place")),
        "departments": sorted(Department.objects.values_list("id", "name", "short_name", "kind")),
        "blocs": sorted(Bloc.objects.values_list("id", "name", "kind")),
        "users": sorted(User.objects.values_list("id", "username", "role", "is_active", "department_id",
                                                 "password")),
        "audit_events": AuditEvent.objects.count(),
    }
