"""Every change made through the application leaves an audit record — actor, time, request id, object, old
and new values — bulk changes included; and no record links a voter to what the ballot chose.

How it is checked: row-level triggers, created inside the test's transaction (so they vanish with it) on
every table of the project's apps except EXCLUDED, copy (table, primary key, operation, changed columns) of
each row written into a capture table. Each request the test makes is a step. After it, every row the step
changed must be named by an AuditEvent of the same step: as the event's own object, or as a row a bulk event
lists (a dict with its "id" and values) under one of the LISTED keys, in the new value for a row created or
changed and in the old value for a row deleted or changed. Every event of the step must carry the request id
the response reported, a time, and the signed-in user as actor (SYSTEM_EVENTS name the documented
exceptions). An update that touches only IGNORED_COLUMNS is not a change.

Two drivers feed the steps: a whole bloc year through the API and pages, at realistic sizes (a template
imported and copied, a scoring round opened and filled, the ranking computed twice, ballots, an election,
nominations, a disclosure, a decision, the award history, a signed document); and every URL and method of
the API permission matrix once, with a role it allows — so a new endpoint is covered the day it is added.
"""
import datetime
import io
import json
from collections import defaultdict
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from accounts.enums import Role
from audit.middleware import request_id_bound
from audit.models import AuditEvent
from awards.enums import NominationStatus
from awards.models import AwardRule, AwardType, Nomination, RuleSet
from blocs.enums import Phase
from blocs.models import BlocYear
from decisions.models import AwardDecision, Complaint, Disclosure
from notifications.models import Notification
from reports.domain import certificates
from reports.enums import ReportStatus
from reports.models import Report, SigningCertificate
from scoring.enums import CriterionKind, RoundKind, SheetKind
from scoring.models import Criterion, Inspection, ScaleAmendment, ScoreSheet, ScoringRound, ScoringScale
from tests.api.conftest import api_world  # noqa: F401 (the permission matrix's world, as a fixture)
from tests.api.test_permission_matrix import MATRIX
from tests.factories.accounts import UserFactory, leader_user, officer_user
from tests.factories.blocs import BlocFactory, BlocYearFactory, DepartmentFactory, MembershipFactory, ProvinceFactory
from voting.models import Ballot, BallotRound, Candidate

pytestmark = pytest.mark.integration

# The tables of these apps are watched. Django's and the libraries' own (sessions, django-axes' attempts, DRF's
# tokens, the admin's log, content types) are framework bookkeeping, outside the application's data.
PROJECT_APPS = {"accounts", "audit", "blocs", "scoring", "voting", "awards", "notifications", "reports",
                "decisions"}

# Tables whose writes are not changes a user makes; each with why.
EXCLUDED = {
    "audit_auditevent": "the audit trail itself (append-only: its own trigger refuses updates and deletes)",
    "accounts_tokenactivity": "bookkeeping: when an API token was last used, written while authenticating",
    "accounts_user_groups": "Django's groups: the app grants rights by role (accounts.rules), never by group; "
                            "an admin change to them is recorded on the user (AuditedAdminMixin.save_related)",
    "accounts_user_user_permissions": "Django's per-user permissions: unused, as groups",
    "scoring_sheetpresence": "bookkeeping: who has a sheet open right now (the grid's heartbeat)",
    "voting_ballot": "the secret ballots: a record of one would tie it to the voter's request; the roll entry "
                     "(ballot_round.voted) says who voted, the count (ballot_round.closed) what the box held",
    "notifications_notification": "messages announcing a change that is itself audited; their read flags and "
                                  "e-mail status are bookkeeping",
}
# Columns whose change alone is not a change a user makes.
IGNORED_COLUMNS = {
    "accounts_user": ["last_login"],  # Django stamps it at every sign-in
    # The scale's optimistic-lock counter: every criterion change bumps it, and is audited on the criterion.
    "scoring_scoringscale": ["version"],
    # The rendering job's own bookkeeping (claimed, retried, handed to the broker); the request, the file and
    # a failure are audited (report.requested, report.rendered, report.failed).
    "reports_report": ["dispatched", "attempts", "started_at", "status", "error"],
}
# Events written without an actor, and why.
SYSTEM_EVENTS = {
    "disclosure.closed": "the calendar ends the comment period; the first page that notices records it",
}
# Where a bulk event lists the rows it wrote: (event's object type, key) → the listed rows' model. Lists nest:
# a listed row's own keys are looked up with its model as the object type.
LISTED = {
    ("scoring.scoringscale", "criteria"): "scoring.criterion",
    ("scoring.criterion", "criteria"): "scoring.criterion",
    ("scoring.scoringround", "inspection_rows"): "scoring.inspection",
    ("scoring.scoringround", "sheets"): "scoring.scoresheet",
    ("scoring.inspection", "sheets"): "scoring.scoresheet",
    ("scoring.evidence", "cell"): "scoring.scoreentry",
    ("scoring.ranking", "entries"): "scoring.rankingentry",
    ("voting.ballotround", "candidates"): "voting.candidate",
    ("voting.ballotround", "vote_counts"): "voting.votecount",
    ("awards.ruleset", "rules"): "awards.awardrule",
    ("awards.awardrule", "conditions"): "awards.eligibilitycondition",
    ("awards.nomination", "workflow_event"): "awards.nominationevent",
    ("blocs.province", "awards"): "awards.award",
    ("decisions.disclosure", "entries"): "decisions.disclosureentry",
    ("decisions.awarddecision", "lines"): "decisions.awarddecisionline",
    ("reports.report", "signature"): "reports.signature",
}
# Keys whose value lists rows by model label, under any event: what an admin delete takes or clears with it.
LABELLED = ["cascade", "cleared"]

CAPTURE_TABLE = "audit_test_capture"
CAPTURE_SQL = f"""
CREATE TABLE {CAPTURE_TABLE} (id bigserial PRIMARY KEY, tbl text NOT NULL, pk text NOT NULL, op text NOT NULL,
                              cols text[]);
CREATE FUNCTION {CAPTURE_TABLE}_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pk_column text := TG_ARGV[0];
    ignored text[] := TG_ARGV[1:TG_NARGS - 1];
    changed text[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO {CAPTURE_TABLE} (tbl, pk, op) VALUES (TG_TABLE_NAME, to_jsonb(OLD) ->> pk_column, TG_OP);
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.key ORDER BY n.key) INTO changed
          FROM jsonb_each(to_jsonb(NEW)) AS n(key, value)
         WHERE n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key AND NOT n.key = ANY (ignored);
        IF changed IS NULL THEN
            RETURN NULL;  -- nothing but ignored columns (or nothing at all) changed
        END IF;
    END IF;
    INSERT INTO {CAPTURE_TABLE} (tbl, pk, op, cols) VALUES (TG_TABLE_NAME, to_jsonb(NEW) ->> pk_column, TG_OP, changed);
    RETURN NULL;
END $$;
"""


def application_tables():
    """{table: model label} of the project apps' tables (through tables of many-to-many fields included)."""
    return {model._meta.db_table: model._meta.label_lower
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in PROJECT_APPS and not model._meta.proxy and model._meta.managed}


def _quoted(name):
    return connection.ops.quote_name(name)


@pytest.fixture
def capture(db):
    """Triggers on every application table but EXCLUDED; yields {table: label} of the captured tables."""
    tables = {t: label for t, label in application_tables().items() if t not in EXCLUDED}
    assert set(EXCLUDED) <= set(application_tables()), "EXCLUDED names a table that no longer exists"
    pks = {model._meta.db_table: model._meta.pk.column for model in apps.get_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        cursor.execute(CAPTURE_SQL)
        for table in tables:
            arguments = ", ".join(f"'{name}'" for name in [pks[table], *IGNORED_COLUMNS.get(table, [])])
            cursor.execute(f"CREATE TRIGGER {CAPTURE_TABLE} AFTER INSERT OR UPDATE OR DELETE ON {_quoted(table)} "
                           f"FOR EACH ROW EXECUTE FUNCTION {CAPTURE_TABLE}_row({arguments})")
    yield tables
    try:  # the test's rollback drops them too; a failed statement leaves nothing to drop by hand
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP TRIGGER IF EXISTS {CAPTURE_TABLE} ON {_quoted(table)}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {CAPTURE_TABLE}_row() CASCADE")
            cursor.execute(f"DROP TABLE IF EXISTS {CAPTURE_TABLE}")
    except DatabaseError:
        pass


def _last_capture():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {CAPTURE_TABLE}")
        return cursor.fetchone()[0]


def _captured_since(mark):
    """{(table, pk): {operation: changed columns}} written after `mark`."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tbl, pk, op, cols FROM {CAPTURE_TABLE} WHERE id > %s ORDER BY id", [mark])
        changes = defaultdict(dict)
        for table, pk, op, columns in cursor.fetchall():
            changes[table, pk].setdefault(op, set()).update(columns or [])
        return changes


def _listed(object_type, value):
    """(model label, row) for every row a bulk event's value lists (nested lists included)."""
    if not isinstance(value, dict):
        return
    lists = [(label, value[key]) for (owner, key), label in LISTED.items() if owner == object_type and key in value]
    lists += [(label, items) for key in LABELLED for label, items in (value.get(key) or {}).items()]
    for label, items in lists:
        for item in [items] if isinstance(items, dict) else (items or []):
            if isinstance(item, dict) and "id" in item and len(item) > 1:  # an id alone says no value
                yield label, item
                yield from _listed(label, item)


def _naming(events):
    """{(label, id): [(how, event)]}: "self" for the event's own object, "old"/"new" for a listed row."""
    named = defaultdict(list)
    for event in events:
        named[event.object_type, event.object_id].append(("self", event))
        for side, value in (("old", event.old_value), ("new", event.new_value)):
            for label, row in _listed(event.object_type, value):
                named[label, str(row["id"])].append((side, event))
    return named


def _shows(namings, op):
    """Whether the namings of a row show what `op` did to it: a new value for a row created, an old one for a
    row deleted, both for a row changed (one event's old and new, or a listing in each)."""
    old = any(how == "old" or (how == "self" and e.old_value is not None) for how, e in namings)
    new = any(how == "new" or (how == "self" and e.new_value is not None) for how, e in namings)
    both = any(how == "self" and e.old_value is not None and e.new_value is not None for how, e in namings) or (
        any(how == "old" for how, _e in namings) and any(how == "new" for how, _e in namings))
    return {"INSERT": new, "DELETE": old, "UPDATE": both}[op]


def uncovered(changes, events, tables):
    """What the step changed without an event saying so, in words."""
    named, problems = _naming(events), []
    for (table, pk), ops in sorted(changes.items()):
        label = tables[table]
        namings = named.get((label, pk), [])
        if not namings:
            columns = sorted(ops.get("UPDATE", ()))
            problems.append(f"{label}#{pk} {'/'.join(sorted(ops))}{f' {columns}' if columns else ''}: no audit event")
            continue
        if {"INSERT", "DELETE"} <= set(ops):
            continue  # created and removed within the step: naming it is all there is to say
        for op in ["INSERT"] if "INSERT" in ops else sorted(ops):
            if not _shows(namings, op):
                problems.append(f"{label}#{pk} {op}: its events ({', '.join(e.event_type for _h, e in namings)}) "
                                f"lack the {'new' if op == 'INSERT' else 'old' if op == 'DELETE' else 'old and new'}"
                                " value")
    return problems


def misattributed(events, *, actor, request_id):
    """Events of the step that do not carry its request id, a time, or its actor."""
    problems = []
    for event in events:
        if not event.request_id or event.request_id != request_id:
            problems.append(f"{event.event_type}#{event.pk}: request id {event.request_id!r}, not {request_id!r}")
        if event.created_at is None:
            problems.append(f"{event.event_type}#{event.pk}: no time")
        if event.actor_id != getattr(actor, "pk", None) and not (
                event.actor_id is None and event.event_type in SYSTEM_EVENTS):
            problems.append(f"{event.event_type}#{event.pk}: actor {event.actor_id}, not {getattr(actor, 'pk', None)}")
    return problems


class Steps:
    """Runs requests (or a worker's task) as steps and checks the audit trail of each one."""

    def __init__(self, tables, capture_on_commit):
        self.tables, self.capture_on_commit = tables, capture_on_commit
        self.client, self.user = APIClient(), None
        self.touched = set()  # tables written by the steps, to check what the cycle exercised
        self.problems = []  # every step's, so that one run names every gap

    def sign_in(self, user):
        if user != self.user:
            self.client.logout()
            self.client.force_login(user)
            self.user = user

    @contextmanager
    def step(self, *, actor, request_id, what):
        mark, last_event = _last_capture(), AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        yield
        changes = _captured_since(mark)
        events = list(AuditEvent.objects.filter(id__gt=last_event or 0).order_by("id"))
        self.touched |= {table for table, _pk in changes}
        problems = uncovered(changes, events, self.tables) + misattributed(events, actor=actor,
                                                                          request_id=request_id())
        self.problems += [f"{what}: {problem}" for problem in problems]

    def call(self, user, method, url, data=None, *, format="json", expect=None):
        """One request as `user`, then what its transaction queued after the commit (e-mails, the rendering
        of a document), in the request's id as the worker gets it; returns the response."""
        self.sign_in(user)
        response = None
        with self.step(actor=user, request_id=lambda: response["X-Request-ID"], what=f"{method} {url}"):
            with self.capture_on_commit() as queued:
                if method == "GET":
                    response = self.client.get(url, data)
                else:
                    response = getattr(self.client, method.lower())(url, data, format=format)
            assert response.status_code < 400 if expect is None else response.status_code == expect, (
                method, url, response.status_code, response.content[:2000])
            with request_id_bound(response["X-Request-ID"]):
                for callback in queued:
                    callback()
        return response

    def post(self, user, url, data=None, **kwargs):
        return self.call(user, "POST", url, data, **kwargs)

    def put(self, user, url, data=None, **kwargs):
        return self.call(user, "PUT", url, data, **kwargs)

    def patch(self, user, url, data=None, **kwargs):
        return self.call(user, "PATCH", url, data, **kwargs)

    def delete(self, user, url, **kwargs):
        return self.call(user, "DELETE", url, None, **kwargs)

    def get(self, user, url, **kwargs):
        return self.call(user, "GET", url, None, **kwargs)


@pytest.fixture
def steps(capture, django_capture_on_commit_callbacks):
    return Steps(capture, django_capture_on_commit_callbacks)


# --------------------------------------------------------------------------------- every API call, once


# The least privileged caller first: whoever may do it, the trail must say so.
ROLE_PREFERENCE = ["officer", "leader", "secretariat", "other_officer", "board", "far_board", "superuser"]
# The token endpoint signs in whoever the body names: it acts as that account.
CALLER = {"v1:auth-token": "board"}


def _allowed_call(name, method):
    """(variant, role, status) of the first caller the matrix lets succeed, or None."""
    for variant, by_role in MATRIX[name][method][0].items():
        for role in [CALLER[name]] if name in CALLER else ROLE_PREFERENCE:
            if 200 <= by_role.get(role, 0) < 300:
                return variant, role, by_role[role]
    return None


MATRIX_CALLS = [pytest.param(name, method, id=f"{method}-{name}") for name, methods in MATRIX.items()
                for method in methods if _allowed_call(name, method)]


@pytest.mark.parametrize(("name", "method"), MATRIX_CALLS)
def test_every_api_call_that_succeeds_is_audited(api_world, steps, name, method, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _expectations, args, body = MATRIX[name][method]
    variant, role, status = _allowed_call(name, method)
    url = reverse(name, args=args(api_world, variant) if args else None)
    data = body(api_world, variant) if body else None
    steps.call(getattr(api_world, role), method, url, data, expect=status)
    assert steps.problems == [], "\n".join(steps.problems)


# ------------------------------------------------------------------------------------- a whole bloc year


PASSWORD = "matkhau-thu-nghiem"  # tests/factories/accounts.py
PASSPHRASE = "mat-khau-ky-so"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% bao cao thanh tich\n"
# The template the Board imports: (code, title, max points, kind, evidence).
SCALE_ROWS = [
    ("I", "Thực hiện nhiệm vụ chuyên môn", 60, "Tiêu chí", "Không"),
    ("I.1", "Hoàn thành chỉ tiêu được giao", 30, "Tiêu chí", "Không"),
    ("I.2", "Cải cách hành chính", 30, "Tiêu chí", "Có"),
    ("II", "Công tác phối hợp", 40, "Tiêu chí", "Không"),
    ("II.1", "Tham gia hoạt động của khối", 40, "Tiêu chí", "Không"),
    ("III", "Điểm thưởng", 5, "Điểm thưởng", "Không"),
    ("III.1", "Sáng kiến được công nhận", 5, "Điểm thưởng", "Không"),
    ("IV", "Điểm trừ", 5, "Điểm trừ", "Không"),
    ("IV.1", "Chậm gửi báo cáo", 5, "Điểm trừ", "Không"),
]
# Points by member (its index): the first leads the bloc, the second and third tie for the ranking ballot.
POINTS = [{"I.1": 30, "I.2": 28, "II.1": 40}, {"I.1": 27, "I.2": 20, "II.1": 35},
          {"I.1": 27, "I.2": 20, "II.1": 35}, {"I.1": 20, "I.2": 0, "II.1": 30}]


def _upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _xlsx(rows, name):
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return _upload(name, buffer.getvalue(), XLSX)


def _api(name, *args):
    return reverse(f"v1:{name}", args=args)


@pytest.fixture
def year(db, settings, tmp_path):
    """A province with a bloc of four members in 2026 (setup), a unit outside it, and their people: the Board,
    the secretariat, a leader and an officer of every member, a superuser."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    province = ProvinceFactory(name="Tỉnh Kiểm Toán", code="tinh-kiem-toan")
    bloc_year = BlocYearFactory(bloc=BlocFactory(province=province, name="Khối các cơ quan tổng hợp"), year=2026)
    members = [MembershipFactory(bloc_year=bloc_year).department for _ in range(4)]
    return type("Year", (), dict(
        province=province, by=bloc_year, members=members, spare=DepartmentFactory(province=province),
        board=UserFactory(role=Role.BOARD, province=province, username="ban-tdkt"),
        secretariat=UserFactory(role=Role.SECRETARIAT, bloc=bloc_year.bloc, department=members[0],
                                username="thu-ky"),
        leaders=[leader_user(d, username=f"thu-truong-{i}", first_name=f"Thủ trưởng {i}")
                 for i, d in enumerate(members)],
        officers=[officer_user(d, username=f"can-bo-{i}") for i, d in enumerate(members)],
        root=UserFactory(username="root", is_superuser=True, is_staff=True),
    ))


def test_a_whole_bloc_year_leaves_an_audit_record_of_every_change(year, steps):
    y, s = year, steps
    _organisation(y, s)
    scale = _scale(y, s)
    _pledge(y, s, scale)
    _scoring(y, s)
    award_type, award_round = _voting(y, s)
    _nomination(y, s, award_type, award_round)
    _decisions(y, s)
    _documents(y, s)
    _accounts(y, s)
    _admin(y, s)
    assert s.problems == [], "\n".join(s.problems)
    # The cycle must keep reaching the bulk writes it is here for.
    assert s.touched >= {
        "scoring_criterion", "scoring_inspection", "scoring_scoresheet", "scoring_scoreentry", "scoring_evidence",
        "scoring_rankingentry", "voting_candidate", "voting_votecount", "voting_voterrollentry",
        "awards_eligibilitycondition", "awards_awardrule", "awards_nominationevent", "awards_award",
        "decisions_disclosureentry", "decisions_awarddecisionline", "reports_signature", "blocs_membership",
    }, sorted(s.touched)


def _organisation(y, s):
    """The Board's catalogue and units; the secretariat's members, leadership and conferences."""
    s.post(y.board, reverse("awards:install_defaults", args=[y.province.pk]), {}, format="multipart", expect=302)
    s.post(y.board, _api("department-list"), {"province": y.province.pk, "name": "Sở Mới Thành Lập"})
    s.patch(y.board, _api("department-detail", y.spare.pk), {"short_name": "SDP"})
    s.post(y.board, _api("bloc-list"), {"province": y.province.pk, "name": "Cụm thi đua mới", "kind": "cum"})
    rule_set = RuleSet.objects.filter(province=y.province, valid_to__isnull=True).get()
    rule = AwardRule.objects.filter(rule_set=rule_set, award_type__code="bang_khen_chu_tich_tinh").get()
    s.put(y.board, _api("award-rule-detail", rule.pk), {
        "award_type": rule.award_type_id, "article": "Điều 74", "cash_multiple": "2.0", "conditions": [
            {"kind": "ranked_at_most", "params": {"rank": 3}},
            {"kind": "classification_at_least", "params": {"classification": "good"}}]})
    old = s.post(y.board, _api("rule-set-list"), {"province": y.province.pk, "name": "Quy định cũ",
                                                  "valid_from": "2000-01-01", "valid_to": "2005-12-31"}).json()
    s.post(y.board, _api("rule-set-rules", old["id"]), {
        "award_type": rule.award_type_id, "cash_multiple": "1.0",
        "conditions": [{"kind": "led_bloc", "params": {"max_rank": 1}}]})
    s.delete(y.board, _api("rule-set-detail", old["id"]))  # its rule and condition go with it
    by = y.by
    s.post(y.secretariat, _api("blocyear-members", by.pk), {"department": y.spare.pk})
    spare = by.memberships.get(department=y.spare)
    s.delete(y.secretariat, _api("membership-detail", spare.pk))
    by.refresh_from_db()
    s.patch(y.secretariat, _api("blocyear-detail", by.pk), {"leader": y.members[0].pk, "deputy": y.members[1].pk,
                                                           "theme": "Đoàn kết, đổi mới", "version": by.version})
    conference = s.post(y.secretariat, _api("conference-list"), {
        "bloc_year": by.pk, "kind": "pledge_signing", "date": "2026-02-20", "host": y.members[0].pk,
        "place": "Hội trường tỉnh"}).json()
    s.patch(y.secretariat, _api("conference-detail", conference["id"]), {"place": "Hội trường Ủy ban"})
    y.conference = conference["id"]


def _scale(y, s):
    """The Board's template, imported from Excel; the bloc-year's copy, edited while a draft."""
    template = s.post(y.board, _api("scale-list"), {"province": y.province.pk, "name": "Thang điểm khối 2026",
                                                     "total": "100"}).json()
    sheet = _xlsx([("STT/Mã", "Nội dung tiêu chí", "Điểm tối đa", "Loại", "Minh chứng", "Hướng dẫn chấm"),
                   *[(*row, "") for row in SCALE_ROWS], ("", "Tổng cộng", 100), ("", "Trần điểm thưởng", 5)],
                  "thang-diem.xlsx")
    s.post(y.board, _api("scale-import-excel", template["id"]), {"file": sheet}, format="multipart")
    s.patch(y.board, _api("scale-detail", template["id"]), {"name": "Thang điểm mẫu 2026"})
    scale = s.post(y.secretariat, _api("scale-copy", template["id"]), {"bloc_year": y.by.pk}).json()
    codes = {c.code: c for c in Criterion.objects.filter(scale_id=scale["id"])}
    s.post(y.secretariat, _api("criterion-list"), {"scale": scale["id"], "parent": codes["II"].pk, "code": "II.2",
                                                   "title": "Tạm thời", "max_points": "0"})
    s.post(y.secretariat, _api("criterion-move", codes["I.1"].pk), {"direction": "down"})
    s.patch(y.secretariat, _api("criterion-detail", codes["III"].pk), {"kind": CriterionKind.PENALTY})
    s.patch(y.secretariat, _api("criterion-detail", codes["III"].pk), {"kind": CriterionKind.BONUS})
    s.delete(y.secretariat, _api("criterion-detail", Criterion.objects.get(scale_id=scale["id"], code="II.2").pk))
    return ScoringScale.objects.get(pk=scale["id"])


def _phase(y, s, phase):
    y.by.refresh_from_db()
    s.post(y.secretariat, _api("blocyear-phase", y.by.pk), {"phase": phase, "version": y.by.version})


def _pledge(y, s, scale):
    """The pledge drafted, opened, every member's targets and signature (the last freezes the scale), then an
    amendment of the frozen scale that the Board approves."""
    _phase(y, s, Phase.PLEDGE)
    s.put(y.secretariat, _api("pledge-detail", y.by.pk), {
        "theme": "Đoàn kết, sáng tạo", "contents": "Các đơn vị cam kết hoàn thành nhiệm vụ năm 2026.",
        "conference": y.conference, "version": 0})
    s.post(y.secretariat, _api("pledge-open", y.by.pk))
    for officer, leader in zip(y.officers, y.leaders):
        s.put(officer, _api("pledge-register-targets", y.by.pk, officer.department_id),
              {"targets": "Hoàn thành 100% chỉ tiêu được giao", "version": 0})
        s.post(leader, _api("pledge-sign", y.by.pk), {})
    amendment = s.post(y.secretariat, _api("scaleamendment-list"), {
        "scale": scale.pk, "reason": "Làm rõ nội dung", "change": {
            "op": "update", "criterion": "I.1", "title": "Hoàn thành 100% chỉ tiêu được giao"}}).json()
    s.post(y.board, _api("scaleamendment-decide", amendment["id"]), {"approve": True, "note": "Đồng ý"})
    assert ScaleAmendment.objects.get().status == "approved"


def _scoring(y, s):
    """A year-end round: opened (sheets and inspections), an assignment moved, self sheets cell by cell with
    evidence, cross sheets by Excel, submitted (one reopened), closed, ranked twice, finalised."""
    _phase(y, s, Phase.MID_YEAR_REVIEW)
    _phase(y, s, Phase.SCORING)
    s.post(y.secretariat, _api("round-list"), {"bloc_year": y.by.pk, "kind": RoundKind.YEAR_END, "seed": 7})
    round_ = ScoringRound.objects.get(bloc_year=y.by, kind=RoundKind.YEAR_END)
    _move_an_inspection(y, s, round_)
    leaves = {c.code: c for c in Criterion.objects.filter(scale__bloc_year=y.by, children__isnull=True)}
    for index, department in enumerate(y.members):
        sheet = ScoreSheet.objects.get(round=round_, kind=SheetKind.SELF, scored=department)
        points = POINTS[index]
        # Evidence first: the upload creates the cell it belongs to.
        s.post(y.officers[index], _api("sheet-evidence", sheet.pk, leaves["I.2"].pk),
               {"file": _upload("minh-chung.png", PNG, "image/png")}, format="multipart")
        for code, value in points.items():
            s.put(y.officers[index], _api("sheet-cell", sheet.pk, leaves[code].pk), {
                "points": str(value), "comment": "" if value == leaves[code].max_points else "Chưa đạt tối đa",
                "version": 0})
    extra = s.post(y.officers[3], _api("sheet-evidence", ScoreSheet.objects.get(
        round=round_, kind=SheetKind.SELF, scored=y.members[3]).pk, leaves["I.1"].pk),
        {"file": _upload("nham.png", PNG, "image/png")}, format="multipart").json()
    s.delete(y.officers[3], _api("evidence-detail", extra["id"]))
    for sheet in ScoreSheet.objects.filter(round=round_, kind=SheetKind.CROSS).order_by("pk"):
        s.post(y.secretariat, _api("sheet-evidence", sheet.pk, leaves["I.2"].pk),
               {"file": _upload("bien-ban.pdf", PDF, "application/pdf")}, format="multipart")
        _import_cross_sheet(y, s, sheet)
    for sheet in ScoreSheet.objects.filter(round=round_).order_by("pk"):
        s.post(y.secretariat, _api("sheet-submit", sheet.pk))
    reopened = ScoreSheet.objects.filter(round=round_, kind=SheetKind.CROSS).order_by("pk").first()
    s.post(y.secretariat, _api("sheet-reopen", reopened.pk), {"reason": "Sai mã phiếu"})
    s.post(y.secretariat, _api("sheet-submit", reopened.pk))
    s.post(y.secretariat, _api("round-close", round_.pk))
    s.post(y.secretariat, _api("ranking-recompute", round_.pk))
    s.patch(y.board, _api("scoring-settings-detail", y.province.pk), {"discrepancy_percent": "15", "version": 1})
    s.post(y.secretariat, _api("ranking-recompute", round_.pk))  # replaces every entry
    s.post(y.secretariat, _api("round-finalise", round_.pk))
    return round_


def _move_an_inspection(y, s, round_):
    pairs = set(Inspection.objects.filter(round=round_).values_list("inspector_id", "inspected_id"))
    for inspection in Inspection.objects.filter(round=round_).order_by("pk"):
        for candidate in y.members:
            if candidate.pk not in (inspection.inspector_id, inspection.inspected_id) and not (
                    {(candidate.pk, inspection.inspected_id), (inspection.inspected_id, candidate.pk)} & pairs):
                s.post(y.secretariat, _api("inspection-adjust", inspection.pk), {"inspector": candidate.pk})
                return
    raise AssertionError("no inspection could move")


def _import_cross_sheet(y, s, sheet):
    """Export the sheet, fill it as the inspector would, and import it through the page (bulk cell writes)."""
    exported = s.get(y.secretariat, reverse("scoring:sheet_export", args=[sheet.pk]))
    book = load_workbook(io.BytesIO(exported.content))
    ws = book.active
    header = next(i for i, row in enumerate(ws.iter_rows(values_only=True), start=1) if row[0] == "Mã")
    points = POINTS[y.members.index(sheet.scored)]
    for row in ws.iter_rows(min_row=header + 1):
        code = row[0].value
        if code in points:
            row[4].value = points[code]
            row[5].value = "Đạt yêu cầu" if points[code] < {"I.1": 30, "I.2": 30, "II.1": 40}[code] else None
        elif code == "IV.1":
            row[4].value, row[5].value = -1, "Chậm gửi báo cáo quý"
    buffer = io.BytesIO()
    book.save(buffer)
    s.post(sheet.scorer.users.filter(role=Role.OFFICER).first() or y.secretariat,
           reverse("scoring:sheet_import", args=[sheet.pk]),
           {"file": _upload("phieu.xlsx", buffer.getvalue(), XLSX)}, format="multipart", expect=302)


def _cast(y, s, ballot_round, choices_of):
    """Every member votes: the first three online (their leaders), the last on paper (the secretariat)."""
    s.post(y.secretariat, _api("ballotround-open", ballot_round.pk))
    candidates = dict(Candidate.objects.filter(round=ballot_round).values_list("department_id", "pk"))
    for index, department in enumerate(y.members):
        choices = [candidates[d.pk] for d in choices_of(index)]
        if index < 3:
            s.post(y.leaders[index], _api("ballotround-cast", ballot_round.pk), {"choices": choices})
        else:
            s.post(y.secretariat, _api("ballotround-paper-ballots", ballot_round.pk),
                   {"department": department.pk, "choices": choices})
    s.post(y.secretariat, _api("ballotround-close", ballot_round.pk))


def _voting(y, s):
    """The award ballot (within the Board's quota), a ranking ballot whose tie makes a run-off (cancelled),
    and the election by rotation that opens 2027 with this year's members."""
    _phase(y, s, Phase.RANKING)
    _phase(y, s, Phase.VOTING)
    award_type = AwardType.objects.get(province=y.province, code="bang_khen_chu_tich_tinh")
    s.put(y.board, _api("quota-set", y.by.pk, award_type.pk), {"places": 1, "version": 0})
    award_round = BallotRound.objects.get(pk=s.post(y.secretariat, _api("ballotround-list"), {
        "bloc_year": y.by.pk, "purpose": "award", "award_type": award_type.pk, "title": "Bình xét Bằng khen",
        "seats": 1, "choices_allowed": 1, "candidates": [y.members[0].pk, y.members[1].pk]}).json()["id"])
    _cast(y, s, award_round, lambda index: [y.members[0]])
    ranking_round = BallotRound.objects.get(pk=s.post(y.secretariat, _api("ballotround-list"), {
        "bloc_year": y.by.pk, "purpose": "ranking", "title": "Xếp hạng nhì", "seats": 1, "choices_allowed": 2,
        "candidates": [y.members[1].pk, y.members[2].pk]}).json()["id"])
    _cast(y, s, ranking_round, lambda index: [y.members[1], y.members[2]])
    runoff = BallotRound.objects.get(parent=ranking_round)
    s.post(y.secretariat, _api("ballotround-cancel", runoff.pk), {"reason": "Hai đơn vị thống nhất đồng hạng"})
    election = s.post(y.secretariat, _api("election-list"), {"bloc_year": y.by.pk, "method": "rotation"}).json()
    s.post(y.secretariat, _api("election-rotation", election["id"]),
           {"leader": y.members[1].pk, "deputy": y.members[2].pk})
    s.post(y.secretariat, _api("election-close", election["id"]),
           {"flag_handed_over_on": "2027-01-05", "flag_note": "Bàn giao cờ luân lưu"})
    assert BlocYear.objects.get(bloc=y.by.bloc, year=2027).memberships.count() == 4
    return award_type, award_round


def _nomination(y, s, award_type, award_round):
    """The secretariat's dossier, returned once by the Board, resubmitted and approved."""
    _phase(y, s, Phase.NOMINATIONS)
    created = s.post(y.secretariat, _api("nomination-list"), {
        "bloc_year": y.by.pk, "award_type": award_type.pk, "department": y.members[0].pk,
        "ballot_round": award_round.pk, "summary": "Dẫn đầu khối năm 2026"}).json()
    pk = created["id"]
    s.put(y.secretariat, _api("nomination-report", pk), {"file": _upload("bao-cao.pdf", PDF, "application/pdf")},
          format="multipart")
    s.patch(y.secretariat, _api("nomination-detail", pk), {"summary": "Dẫn đầu khối, hoàn thành xuất sắc"})
    s.post(y.secretariat, _api("nomination-submit", pk), {})
    s.post(y.board, _api("nomination-start-review", pk))
    s.post(y.board, _api("nomination-return", pk), {"comment": "Bổ sung biên bản họp khối"})
    s.post(y.secretariat, _api("nomination-resubmit", pk), {"comment": "Đã bổ sung"})
    s.post(y.board, _api("nomination-start-review", pk))
    s.post(y.board, _api("nomination-approve", pk), {})
    assert Nomination.objects.get(pk=pk).status == NominationStatus.APPROVED


def _decisions(y, s):
    """The disclosure with a complaint, the decision that follows it, a manual decision withdrawn, the base
    salary, and the award history imported from Excel."""
    _phase(y, s, Phase.DECISION)
    today = datetime.date.today()
    s.put(y.board, _api("disclosure-settings-detail", y.province.pk), {"disclosure_working_days": 5, "version": 0})
    disclosure = Disclosure.objects.get(pk=s.post(y.board, _api("disclosure-publish"), {
        "province": y.province.pk, "year": 2026}).json()["id"])
    entry = disclosure.entries.get()
    complaint = s.post(y.officers[3], _api("complaint-list"), {
        "entry": entry.pk, "kind": "complaint", "text": "Đề nghị xem xét lại điểm kiểm tra chéo."}).json()
    s.post(y.board, _api("complaint-answer", complaint["id"]), {"answer": "Đã xem xét, giữ nguyên.",
                                                                "version": Complaint.objects.get().version})
    # The comment period ends (the calendar, not a request); the first page to show it closes the list.
    Disclosure.objects.filter(pk=disclosure.pk).update(published_on=today - datetime.timedelta(days=20),
                                                       closes_on=today - datetime.timedelta(days=10))
    s.get(y.board, reverse("decisions:disclosure_detail", args=[disclosure.pk]))
    s.post(y.board, _api("disclosure-send-to-council", disclosure.pk))
    s.post(y.root, _api("base-salary-list"), {"amount": 2530000, "valid_from": "2026-07-01"})
    signed = {"decided_on": today.isoformat(), "authority": "Ủy ban nhân dân tỉnh", "signer_position": "Chủ tịch",
              "signer_name": "Nguyễn Văn Ký"}
    s.post(y.board, _api("decision-list"), {
        "province": y.province.pk, "disclosure": disclosure.pk, "year": 2026, "number_symbol": "15/QĐ-UBND",
        "lines": [{"entry": entry.pk, "awarded": True}], **signed})
    manual = s.post(y.board, _api("decision-list"), {
        "province": y.province.pk, "year": 2025, "number_symbol": "7/QĐ-UBND", **signed, "lines": [
            {"award_type": AwardType.objects.get(province=y.province, code="tap_the_lao_dong_tien_tien").pk,
             "department": d.pk} for d in y.members[2:]]}).json()
    s.post(y.board, _api("decision-withdraw", manual["id"]),
           {"reason": "Nhầm năm thi đua", "version": AwardDecision.objects.get(pk=manual["id"]).version})
    history = _xlsx([("Năm", "Đơn vị", "Hình thức khen thưởng", "Họ tên cá nhân (để trống: tập thể đơn vị)",
                      "Số, ký hiệu quyết định", "Ngày quyết định"),
                     *[(2024, d.name, "co_thi_dua_tinh", "", f"{20 + i}/QĐ-UBND", "20/01/2025")
                       for i, d in enumerate(y.members[:3])]], "lich-su.xlsx")
    s.post(y.board, _api("award-history-import"), {"province": y.province.pk, "file": history}, format="multipart")


def _documents(y, s):
    """The year-end report: its text, the request (rendered by the worker after the commit), the leader's
    certificate and signature; a second certificate replaces the first and is then deactivated."""
    s.post(y.secretariat, reverse("reports:bloc_year_text", args=[y.by.pk, "year_end"]), {
        "number_symbol": "05/BC-KTĐ", "place": "Thành phố", "issued_on": "2026-12-20",
        "section_achievements": "Hoàn thành các chỉ tiêu.", "section_shortcomings": "Còn chậm báo cáo.",
        "section_next_tasks": "Tiếp tục đổi mới.", "recipients": "Ban Thi đua - Khen thưởng tỉnh;", "version": 0},
        format="multipart", expect=302)
    report = Report.objects.get(pk=s.post(y.secretariat, _api("report-list"), {
        "kind": "year_end", "bloc_year": y.by.pk}).json()["id"])
    assert report.status == ReportStatus.DONE, report.error
    head = y.leaders[0]
    for attempt in range(2):
        pkcs12 = certificates.issue_test_pkcs12(user=head, passphrase=PASSPHRASE, province=y.province)
        s.post(head, _api("signing-certificate-list"), {
            "file": _upload("chung-thu.p12", pkcs12, "application/x-pkcs12"), "passphrase": PASSPHRASE},
            format="multipart")
        if attempt == 0:
            s.post(head, _api("report-signing-sign", report.pk), {"passphrase": PASSPHRASE, "expected_version": 1})
    active = SigningCertificate.objects.get(user=head, is_active=True)
    s.post(head, _api("signing-certificate-deactivate", active.pk))


def _accounts(y, s):
    """The Board's accounts; an officer's own password and API token; notifications read."""
    created = s.post(y.board, _api("user-list"), {"username": "can-bo-moi", "password": "Mat-khau-dai-2026",
                                                  "role": "officer", "department": y.spare.pk}).json()
    s.patch(y.board, _api("user-detail", created["id"]), {"position": "Chuyên viên"})
    s.post(y.board, _api("user-deactivate", created["id"]))
    new_password = "Mat-khau-moi-2026!"
    s.post(y.officers[0], reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
        format="multipart", expect=302)
    s.post(y.officers[1], _api("auth-token"), {"username": y.officers[1].username, "password": PASSWORD})
    notification = Notification.objects.filter(user=y.secretariat).first()
    assert notification is not None
    s.post(y.secretariat, _api("notification-read", notification.pk))
    s.post(y.secretariat, _api("notification-read-all"))


def _admin(y, s):
    """What a superuser changes in the Django admin: past the services, so the admin records it."""
    province = y.province
    s.post(y.root, reverse("admin:blocs_province_change", args=[province.pk]), {
        "name": province.name, "code": province.code, "board_name": "Ban Thi đua - Khen thưởng tỉnh Kiểm Toán"},
        format="multipart", expect=302)
    s.post(y.root, reverse("admin:blocs_province_add"), {"name": "Tỉnh Mới Lập", "code": "tinh-moi-lap",
                                                         "board_name": ""}, format="multipart", expect=302)
    # The pledge names this conference: the delete clears that link, and the event says so.
    s.post(y.root, reverse("admin:blocs_conference_delete", args=[y.conference]), {"post": "yes"},
           format="multipart", expect=302)
    password = "Mat-khau-quan-tri-2026!"
    s.post(y.root, reverse("admin:auth_user_password_change", args=[y.officers[2].pk]),
           {"password1": password, "password2": password}, format="multipart", expect=302)


# ----------------------------------------------------------------------------------------- secret ballots

def test_no_audit_record_links_a_voter_to_a_choice(world, steps):
    """Each member chooses another member; the trail says who voted, online or on paper, never for whom, and
    the count only in totals per candidate."""
    w, s = world, steps
    BlocYear.objects.filter(pk=w.own.pk).update(phase=Phase.VOTING)
    members = w.own_departments
    voters = [leader_user(members[0]), w.leader]  # the third member's ballot is on paper
    round_ = BallotRound.objects.get(pk=s.post(w.secretariat, _api("ballotround-list"), {
        "bloc_year": w.own.pk, "purpose": "ranking", "title": "Bình chọn đơn vị tiêu biểu", "seats": 1,
        "choices_allowed": 1, "candidates": [d.pk for d in members]}).json()["id"])
    s.post(w.secretariat, _api("ballotround-open", round_.pk))
    candidate = dict(Candidate.objects.filter(round=round_).values_list("department_id", "pk"))
    choice_of = {members[i].pk: candidate[members[(i + 1) % 3].pk] for i in range(3)}
    receipts, cast_events = [], []
    for voter in [*voters, None]:
        department = voter.department if voter else members[2]
        before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        if voter:
            response = s.post(voter, _api("ballotround-cast", round_.pk), {"choices": [choice_of[department.pk]]})
            receipts += [response.json()["receipt"], response.json()["receipt"].replace("-", "")]
        else:
            s.post(w.secretariat, _api("ballotround-paper-ballots", round_.pk),
                   {"department": department.pk, "choices": [choice_of[department.pk]]})
        cast_events += list(AuditEvent.objects.filter(id__gt=before))
    s.post(w.secretariat, _api("ballotround-close", round_.pk))
    assert s.problems == []

    assert [(e.event_type, e.old_value, e.new_value) for e in cast_events] == [
        ("ballot_round.voted", None, {"round": round_.pk, "department": d.pk, "channel": channel})
        for d, channel in ((members[0], "online"), (members[1], "online"), (members[2], "paper"))]
    closed = AuditEvent.objects.get(event_type="ballot_round.closed")
    result = closed.new_value["result"]
    assert {tuple(sorted(row)) for row in result["counts"]} == {
        ("candidate", "chosen", "department", "name", "tied", "votes")}
    assert [row["votes"] for row in result["counts"]] == [1, 1, 1]  # totals only
    assert {tuple(sorted(row)) for row in closed.new_value["vote_counts"]} == {
        ("candidate_id", "chosen", "id", "tied_at_boundary", "votes")}
    trail = json.dumps([(e.object_type, e.old_value, e.new_value) for e in AuditEvent.objects.all()],
                       ensure_ascii=False)
    assert "voting.ballot" not in {e.object_type for e in AuditEvent.objects.all()}
    assert '"choices"' not in trail
    for secret in [*Ballot.objects.values_list("receipt_hash", flat=True), *receipts]:
        assert secret not in trail
