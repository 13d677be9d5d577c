"""Secrecy of the ballot: after a round run through the pages and the API (online and paper ballots, a
receipt check, the count), no table and no log line links a voter department to what it chose.

The SQL log is switched on (as with DEBUG = True), so every statement Django runs is logged with its
parameters: the roll entries must appear there, the ballots must not.
"""
import logging
import re
import uuid

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from notifications.models import Notification
from voting.domain.receipts import normalise, receipt_hash
from voting.models import Ballot, BallotRound, VoterRollEntry

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Candidate indexes chosen by each of the 8 members (member 6 on paper, member 7 through the API).
PLAN = [[0, 1], [0], [1, 2], [], [3], [0, 3], [2], [1]]
BALLOT_COLUMNS = {"id", "round_id", "choices", "is_valid", "receipt_hash"}
ROLL_COLUMNS = {"id", "round_id", "department_id", "channel"}


def _all_rows():
    """Every row of every table, as (table, {column: value}); sessions decoded."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor.fetchall():
                values = dict(zip(columns, row))
                if table == "django_session":
                    values["decoded"] = SessionStore().decode(values["session_data"])
                yield table, values


def _run_round(bloc, client):
    round_ = bloc.round(candidates=bloc.departments[:4], choices_allowed=2, seats=2)
    candidates = list(round_.candidates.order_by("position"))
    codes = []
    for voter, picks in zip(bloc.voters[:6], PLAN):
        client.force_login(voter)
        response = client.post(reverse("voting:round_vote", args=[round_.pk]),
                               {"choices": [candidates[i].pk for i in picks]})
        codes.append(re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', response.content.decode()).group(1))
        client.post(reverse("voting:receipt_check", args=[round_.pk]), {"code": codes[-1]})
    client.force_login(bloc.secretariat)
    client.post(reverse("voting:round_paper", args=[round_.pk]),
                {"department": bloc.departments[6].pk, "choices": [candidates[i].pk for i in PLAN[6]]})
    api = APIClient()
    api.force_login(bloc.voters[7])
    response = api.post(reverse("v1:ballotround-cast", args=[round_.pk]),
                        {"choices": [candidates[i].pk for i in PLAN[7]]}, format="json")
    codes.append(response.json()["receipt"])
    api.post(reverse("v1:ballotround-verify-receipt", args=[round_.pk]), {"code": codes[-1]}, format="json")
    client.post(reverse("voting:round_close", args=[round_.pk]))
    return round_, codes


@pytest.fixture
def counted(make_bloc, client, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    bloc = make_bloc(8)
    connection.force_debug_cursor = True
    try:
        round_, codes = _run_round(bloc, client)
    finally:
        connection.force_debug_cursor = False
    ballots = list(Ballot.objects.filter(round=round_))
    markers = ({str(b.pk) for b in ballots} | {b.pk.hex for b in ballots} | {b.receipt_hash for b in ballots}
               | {normalise(c) for c in codes} | set(codes))
    yield type("Counted", (), dict(bloc=bloc, round=round_, codes=codes, ballots=ballots, markers=markers,
                                   log=[r.getMessage() for r in caplog.records]))
    connection.close()


def test_the_round_was_counted_as_cast(counted):
    result = BallotRound.objects.get(pk=counted.round.pk).result
    assert (result["cast"], result["online"], result["paper"], result["blank"]) == (8, 7, 1, 1)
    assert len(counted.ballots) == 8
    assert {receipt_hash(c) for c in counted.codes} < {b.receipt_hash for b in counted.ballots}  # paper: no code


def test_ballots_carry_no_voter_no_time_and_nothing_else_points_to_them(counted):
    columns = {table: set() for table in ("voting_ballot", "voting_voterrollentry")}
    with connection.cursor() as cursor:
        for table in columns:
            columns[table] = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    assert columns == {"voting_ballot": BALLOT_COLUMNS, "voting_voterrollentry": ROLL_COLUMNS}
    assert Notification.objects.count() == 9  # the round opening told 8 officers and the secretariat; scanned too
    for table, row in _all_rows():
        if table == "voting_ballot":
            continue
        text = repr(row)
        assert [m for m in counted.markers if m in text] == [], (table, row)


def test_ballot_ids_are_random_and_their_rows_do_not_follow_the_roll(counted):
    assert {b.pk.version for b in counted.ballots} == {4}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, xmin::text FROM voting_ballot WHERE round_id = %s ORDER BY ctid", [counted.round.pk])
        physical = cursor.fetchall()
        cursor.execute("SELECT xmin::text FROM voting_voterrollentry WHERE round_id = %s", [counted.round.pk])
        roll_transactions = {row[0] for row in cursor.fetchall()}
    # The box was shaken by the last ballot: rows in id order, all written by one transaction.
    assert [uuid.UUID(str(row[0])) for row in physical] == sorted(b.pk for b in counted.ballots)
    assert len({row[1] for row in physical}) == 1
    assert len(roll_transactions) == 8


def _keys(value):
    """Every key of every dict nested in a JSON value."""
    if isinstance(value, dict):
        return set(value).union(*(_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value))
    return set()


def test_audit_events_record_who_voted_never_what(counted):
    voted = AuditEvent.objects.filter(event_type="ballot_round.voted").order_by("id")
    assert [(e.new_value["department"], e.new_value["channel"]) for e in voted] == [
        (d.pk, "paper" if i == 6 else "online") for i, d in enumerate(counted.bloc.departments)]
    assert {frozenset(e.new_value) for e in voted} == {frozenset({"round", "department", "channel"})}
    for event in AuditEvent.objects.all():
        assert _keys(event.old_value) & {"choices", "receipt_hash", "ballot"} == set(), event.event_type
        assert _keys(event.new_value) & {"choices", "receipt_hash", "ballot"} == set(), event.event_type
        assert [m for m in counted.markers if m in repr((event.old_value, event.new_value))] == []


def test_the_logs_show_the_roll_but_never_a_ballot(counted):
    assert any('INSERT INTO "voting_voterrollentry"' in line for line in counted.log)
    assert [line for line in counted.log if '"voting_ballot"' in line] == []
    assert [line for line in counted.log if any(m in line for m in counted.markers)] == []


def test_the_roll_says_who_voted_and_how(counted):
    assert sorted(VoterRollEntry.objects.values_list("department_id", "channel")) == sorted(
        (d.pk, "paper" if i == 6 else "online") for i, d in enumerate(counted.bloc.departments))
