"""Every page URL × every role × own / other / far object → the expected status; no unauthorized 2xx.

URL patterns are enumerated from the resolver: a new page without an entry in MATRIX fails the test.
"""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import AuditEvent
from tests.factories.accounts import UserFactory
from tests.factories.blocs import ConferenceFactory
from tests.matrix import collect

pytestmark = pytest.mark.integration

ROLES = ["anonymous", "superuser", "board", "far_board", "secretariat", "officer", "leader", "other_officer"]


def _pattern_names(patterns=None, namespace="", prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _pattern_names(entry.url_patterns, ns, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route


def page_names():
    return sorted({name for name, route in _pattern_names()
                   if not route.startswith(("api/", "admin/"))})


def admin_routes():
    return sorted({(name, route) for name, route in _pattern_names() if route.startswith("admin/")})


# Expected statuses, by kind of page and by which object it is asked about.
_ALL_IN = dict(anonymous=302, superuser=200, board=200, far_board=200, secretariat=200, officer=200,
               leader=200, other_officer=200)
VIEW = {  # a page of a bloc-year or something hanging off it
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=404),
    "other": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=200),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
MANAGE = {  # the Board or the bloc's secretariat
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=200, officer=403,
                leader=403, other_officer=404),
    "other": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=403),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
BOARD_OF_BLOC = {  # Board only, on a bloc
    "own": dict(MANAGE["own"], secretariat=403),
    "other": MANAGE["other"],
    "far": MANAGE["far"],
}
PROVINCE_VIEW = {
    "own": dict(_ALL_IN, far_board=404),
    "far": dict(_ALL_IN, board=404, secretariat=404, officer=404, leader=404, other_officer=404),
}
PROVINCE_MANAGE = {
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=403, officer=403,
                leader=403, other_officer=403),
    "far": dict(anonymous=302, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
DEPARTMENT_VIEW = {
    "own": VIEW["own"],
    "far": VIEW["far"],
}
DEPARTMENT_EDIT = {
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=403, officer=403,
                leader=403, other_officer=404),
    "far": VIEW["far"] | dict(far_board=200),
}
ACCOUNTS = {None: dict(anonymous=302, superuser=200, board=200, far_board=200, secretariat=403, officer=403,
                       leader=403, other_officer=403)}
ACCOUNT_EDIT = {  # about the leader's own account
    "own": dict(anonymous=302, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                leader=403, other_officer=404),
}


def _by(w, variant):
    return {"own": w.own, "other": w.other, "far": w.far}[variant]


def _membership(w, variant):
    by = _by(w, variant)
    return [by.memberships.exclude(department_id__in=[by.leader_id or 0]).first().pk]


MATRIX = {
    # name: (expectations by variant, function(world, variant) -> URL args)
    "dashboard": ({None: _ALL_IN}, None),
    "login": ({None: dict({r: 302 for r in ROLES}, anonymous=200)}, None),
    "logout": ({None: dict({r: 405 for r in ROLES}, anonymous=302)}, None),  # POST only
    "set_language": ({None: {r: 302 for r in ROLES}}, None),  # GET just redirects back
    "accounts:user_list": (ACCOUNTS, None),
    "accounts:user_create": (ACCOUNTS, None),
    "accounts:user_edit": (ACCOUNT_EDIT, lambda w, v: [w.leader.pk]),
    "accounts:password_change": ({None: _ALL_IN}, None),
    "blocs:province_list": ({None: _ALL_IN}, None),
    "blocs:department_list": ({None: _ALL_IN}, None),
    "blocs:province_detail": (PROVINCE_VIEW, lambda w, v: [w.province.pk if v == "own" else w.far_province.pk]),
    "blocs:bloc_create": (PROVINCE_MANAGE, lambda w, v: [w.province.pk if v == "own" else w.far_province.pk]),
    "blocs:department_create": (PROVINCE_MANAGE,
                                lambda w, v: [w.province.pk if v == "own" else w.far_province.pk]),
    "blocs:bloc_detail": (VIEW, lambda w, v: [_by(w, v).bloc_id]),
    "blocs:bloc_year_create": (BOARD_OF_BLOC, lambda w, v: [_by(w, v).bloc_id]),
    "blocs:bloc_year_detail": (VIEW, lambda w, v: [_by(w, v).pk]),
    "blocs:bloc_year_leadership": (MANAGE, lambda w, v: [_by(w, v).pk]),
    "blocs:bloc_year_phase": (MANAGE, lambda w, v: [_by(w, v).pk]),
    "blocs:member_add": (MANAGE, lambda w, v: [_by(w, v).pk]),
    "blocs:member_remove": (MANAGE, _membership),
    "blocs:conference_add": (MANAGE, lambda w, v: [_by(w, v).pk]),
    "blocs:conference_edit": (MANAGE, lambda w, v: [w.conferences[v].pk]),
    "blocs:conference_delete": (MANAGE, lambda w, v: [w.conferences[v].pk]),
    "blocs:department_detail": (DEPARTMENT_VIEW,
                                lambda w, v: [(w.own_departments if v == "own" else w.far_departments)[0].pk]),
    "blocs:department_edit": (DEPARTMENT_EDIT,
                              lambda w, v: [(w.own_departments if v == "own" else w.far_departments)[0].pk]),
}


MATRIX.update(collect("PAGE_MATRIX"))


def test_matrix_covers_every_page_url():
    assert sorted(MATRIX) == page_names()


def _cases():
    for name, (expectations, _args) in MATRIX.items():
        for variant, by_role in expectations.items():
            for role in ROLES:
                yield pytest.param(name, variant, role, by_role[role], id=f"{name}-{variant}-{role}")


@pytest.fixture
def full_world(world):
    world.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    world.conferences = {v: ConferenceFactory(bloc_year=_by(world, v)) for v in ("own", "other", "far")}
    return world


def _client_for(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


@pytest.mark.parametrize(("name", "variant", "role", "expected"), list(_cases()))
def test_page_status_by_role(full_world, client, name, variant, role, expected):
    args_fn = MATRIX[name][1]
    url = reverse(name, args=args_fn(full_world, variant) if args_fn else None)
    response = _client_for(client, full_world, role).get(url)
    assert response.status_code == expected


POST_ACTIONS = [n for n in MATRIX if n.startswith("blocs:") and any(
    k in n for k in ("_add", "_create", "_edit", "_remove", "_delete", "_leadership", "_phase"))] + [
    "accounts:user_create", "accounts:user_edit"]


def _post_cases():
    for name in POST_ACTIONS:
        expectations, _ = MATRIX[name]
        for variant, by_role in expectations.items():
            for role in ROLES:
                if by_role[role] != 200:
                    yield pytest.param(name, variant, role, by_role[role], id=f"POST-{name}-{variant}-{role}")


@pytest.mark.parametrize(("name", "variant", "role", "expected"), list(_post_cases()))
def test_refused_post_changes_nothing(full_world, client, name, variant, role, expected):
    args_fn = MATRIX[name][1]
    url = reverse(name, args=args_fn(full_world, variant) if args_fn else None)
    before = AuditEvent.objects.count()
    response = _client_for(client, full_world, role).post(url, {"name": "X", "year": 2030, "kind": "other"})
    assert response.status_code == expected
    assert AuditEvent.objects.count() == before


def test_admin_refuses_everyone_but_superusers(full_world, client):
    """Every admin URL sends non-staff users to the admin login; none answers them 2xx."""
    for role in ROLES:
        if role == "superuser":
            continue
        c = _client_for(client, full_world, role)
        for name, route in admin_routes():
            url = "/" + route.replace("<path:object_id>", "1").replace("<id>", "1")
            url = url.replace("^", "").replace("$", "").replace("(?P<app_label>", "").split("(")[0]
            status = c.get(url).status_code
            # The admin's own login form is public; everything else sends the user away.
            allowed = (200, 302) if name == "admin:login" else (302, 404, 405)
            assert status in allowed, (role, url, status)
        c.logout()
    client.force_login(full_world.superuser)
    assert client.get(reverse("admin:index")).status_code == 200
