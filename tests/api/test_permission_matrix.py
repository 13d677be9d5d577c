"""Every API URL and method × every role × own / other / far object → the exact status; no unauthorized 2xx.

URL patterns under /api/ are enumerated from the resolver, with the methods each view answers: a new API
URL or method without an entry in MATRIX fails the test. Each request runs in a savepoint that is rolled
back, so every case starts from the same rows; a refused request must not write an audit event.
"""
import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse

from audit.models import AuditEvent
from tests.api.conftest import PASSWORD
from tests.matrix import collect

pytestmark = pytest.mark.integration

ROLES = ["anonymous", "superuser", "board", "far_board", "secretariat", "officer", "leader", "other_officer"]
# SessionAuthentication comes first in REST_FRAMEWORK, so DRF sends no WWW-Authenticate header: 403, not 401.
ANON = 403


def _everyone(code):
    return dict(dict.fromkeys(ROLES, code), anonymous=ANON)


EVERYONE = {None: _everyone(200)}
PUBLIC = {None: dict.fromkeys(ROLES, 200)}
VIEW = {  # a bloc-year, or something of it: its bloc, members, conferences, member units
    "own": dict(anonymous=ANON, superuser=200, board=200, far_board=404, secretariat=200, officer=200,
                leader=200, other_officer=404),
    "other": dict(anonymous=ANON, superuser=200, board=200, far_board=404, secretariat=404, officer=404,
                  leader=404, other_officer=200),
    "far": dict(anonymous=ANON, superuser=200, board=404, far_board=200, secretariat=404, officer=404,
                leader=404, other_officer=404),
}
MANAGE = {  # the Board of the province or the bloc's secretariat
    "own": dict(VIEW["own"], officer=403, leader=403),
    "other": dict(VIEW["other"], other_officer=403),
    "far": VIEW["far"],
}
BOARD = {  # the Board of the province only
    "own": dict(MANAGE["own"], secretariat=403),
    "other": MANAGE["other"],
    "far": MANAGE["far"],
}
PROVINCE_VIEW = {
    "own": dict(_everyone(200), far_board=404),
    "far": dict(_everyone(404), superuser=200, far_board=200),
}
ACCOUNT = {  # own: the leader's account (the leader itself may not manage it); far: an officer far away
    "own": dict(_everyone(404), superuser=200, board=200, leader=403),
    "far": dict(_everyone(404), superuser=200, far_board=200),
}
ACCOUNT_MANAGERS = {None: dict(_everyone(403), superuser=200, board=200, far_board=200)}
CREATE_IN_PROVINCE = {  # the province is named in the body: one out of reach is an unknown id (400)
    "own": dict(_everyone(403), superuser=201, board=201, far_board=400),
    "far": dict(_everyone(400), superuser=201, far_board=201),
}


def recode(table, ok, hidden=404):
    """The same table for another action: allowed → `ok`, out of reach → `hidden`."""
    return {v: {r: {200: ok, 404: hidden}.get(code, code) for r, code in by_role.items()}
            for v, by_role in table.items()}


def parent_in_body(table):
    """A creation names its parent in the body: a parent out of reach is an unknown id (400)."""
    return recode(table, ok=201, hidden=400)


# Objects by variant.
def _by(w, v):
    return {"own": w.own, "other": w.other, "far": w.far}[v]


def _province(w, v):
    return w.province if v == "own" else w.far_province


def _members(w, v):
    return {"own": w.own_departments, "other": w.other_departments, "far": w.far_departments}[v]


def _department(w, v):
    return _members(w, v)[0]


def _free_department(w, v):
    return w.far_unassigned if v == "far" else w.unassigned


def _membership(w, v):  # a member that is neither leader nor deputy, so it can be removed
    return _by(w, v).memberships.get(department=_members(w, v)[2])


def _account(w, v):
    return w.leader if v == "own" else w.far_officer


def pk_of(getter):
    return lambda w, v: [getter(w, v).pk]


CONFERENCE_BODY = {"kind": "mid_year", "date": "2026-07-15", "place": "Hội trường"}
MATRIX = {
    # name: {method: (expectations by variant, URL args(world, variant) or None, body(world, variant) or None)}
    "v1:auth-token": {"POST": (PUBLIC, None, lambda w, v: {"username": "board", "password": PASSWORD})},
    "v1:province-list": {"GET": (EVERYONE, None, None)},
    "v1:province-detail": {"GET": (PROVINCE_VIEW, pk_of(_province), None)},
    "v1:department-list": {
        "GET": (EVERYONE, None, None),
        "POST": (CREATE_IN_PROVINCE, None, lambda w, v: {"province": _province(w, v).pk, "name": "Sở Mới"}),
    },
    "v1:department-detail": {
        "GET": (VIEW, pk_of(_department), None),
        "PUT": (BOARD, pk_of(_department), lambda w, v: {"name": "Sở Đổi Tên", "kind": "so"}),
        "PATCH": (BOARD, pk_of(_department), lambda w, v: {"short_name": "SĐT"}),
    },
    "v1:bloc-list": {
        "GET": (EVERYONE, None, None),
        "POST": (CREATE_IN_PROVINCE, None, lambda w, v: {"province": _province(w, v).pk, "name": "Khối Mới"}),
    },
    "v1:bloc-detail": {"GET": (VIEW, lambda w, v: [_by(w, v).bloc_id], None)},
    "v1:blocyear-list": {
        "GET": (EVERYONE, None, None),
        "POST": (parent_in_body(BOARD), None, lambda w, v: {"bloc": _by(w, v).bloc_id, "year": 2027}),
    },
    "v1:blocyear-detail": {
        "GET": (VIEW, pk_of(_by), None),
        "PATCH": (MANAGE, pk_of(_by), lambda w, v: {"theme": "Đoàn kết", "version": _by(w, v).version}),
    },
    "v1:blocyear-phase": {
        "POST": (MANAGE, pk_of(_by), lambda w, v: {"phase": "pledge", "version": _by(w, v).version}),
    },
    "v1:blocyear-members": {
        "GET": (VIEW, pk_of(_by), None),
        "POST": (recode(MANAGE, 201), pk_of(_by), lambda w, v: {"department": _free_department(w, v).pk}),
    },
    "v1:membership-detail": {
        "GET": (VIEW, pk_of(_membership), None),
        "DELETE": (recode(MANAGE, 204), pk_of(_membership), None),
    },
    "v1:conference-list": {
        "GET": (EVERYONE, None, None),
        "POST": (parent_in_body(MANAGE), None, lambda w, v: {"bloc_year": _by(w, v).pk, **CONFERENCE_BODY}),
    },
    "v1:conference-detail": {
        "GET": (VIEW, lambda w, v: [w.conferences[v].pk], None),
        "PUT": (MANAGE, lambda w, v: [w.conferences[v].pk], lambda w, v: CONFERENCE_BODY),
        "PATCH": (MANAGE, lambda w, v: [w.conferences[v].pk], lambda w, v: {"place": "Nhà văn hóa"}),
        "DELETE": (recode(MANAGE, 204), lambda w, v: [w.conferences[v].pk], None),
    },
    "v1:user-list": {
        "GET": (ACCOUNT_MANAGERS, None, None),
        "POST": ({"own": dict(ACCOUNT_MANAGERS[None], board=201, superuser=201, far_board=400),
                  "far": dict(ACCOUNT_MANAGERS[None], board=400, superuser=201, far_board=201)}, None,
                 lambda w, v: {"username": "moi", "password": "Mat-khau-dai-2026", "role": "officer",
                               "department": _department(w, v).pk}),
    },
    "v1:user-detail": {
        "GET": (ACCOUNT, pk_of(_account), None),
        "PUT": (ACCOUNT, pk_of(_account), lambda w, v: {"username": "x", "role": "officer",
                                                       "department": _account(w, v).department_id}),
        "PATCH": (ACCOUNT, pk_of(_account), lambda w, v: {"position": "Chuyên viên"}),
    },
    "v1:user-deactivate": {"POST": (ACCOUNT, pk_of(_account), None)},
    "v1:user-me": {"GET": (EVERYONE, None, None)},
    "schema": {"GET": (PUBLIC, None, None)},
    "swagger-ui": {"GET": (PUBLIC, None, None)},
}


MATRIX.update(collect("API_MATRIX"))


def _api_patterns(patterns=None, namespace="", prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _api_patterns(entry.url_patterns, ns, route)
        elif route.startswith("api/"):
            yield f"{namespace}{entry.name}", entry.callback


def _methods(callback):
    if getattr(callback, "actions", None):
        methods = set(callback.actions)
    else:
        view = callback.view_class
        methods = {m for m in view.http_method_names if hasattr(view, m)}
    return {m.upper() for m in methods} - {"HEAD", "OPTIONS"}


def test_matrix_covers_every_api_url_and_method():
    found = {}
    for name, callback in _api_patterns():
        found.setdefault(name, set()).update(_methods(callback))
    assert {name: set(methods) for name, methods in MATRIX.items()} == found


def _cases():
    for name, methods in MATRIX.items():
        for method in methods:
            yield pytest.param(name, method, id=f"{method}-{name}")


def _call(client, world, name, method, variant):
    expectations, args, body = MATRIX[name][method]
    url = reverse(name, args=args(world, variant) if args else None)
    data = body(world, variant) if body else None
    with transaction.atomic():
        events = AuditEvent.objects.count()
        response = getattr(client, method.lower())(url, data, format="json")
        wrote = AuditEvent.objects.count() != events
        transaction.set_rollback(True)
    return response, wrote


@pytest.mark.parametrize(("name", "method"), list(_cases()))
def test_api_status_by_role_and_object(api_world, api_client, name, method):
    expectations = MATRIX[name][method][0]
    got, want, unauthorized_writes = {}, {}, []
    for role in ROLES:
        api_client.logout()
        if role != "anonymous":
            api_client.force_login(getattr(api_world, role))
        for variant, by_role in expectations.items():
            response, wrote = _call(api_client, api_world, name, method, variant)
            assert response.status_code < 500, (role, variant, response.content)
            got[role, variant], want[role, variant] = response.status_code, by_role[role]
            if wrote and response.status_code >= 300:
                unauthorized_writes.append((role, variant))
    assert got == want
    assert unauthorized_writes == []
