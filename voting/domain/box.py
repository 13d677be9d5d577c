"""The ballot box: writing and finding ballots so that neither the database's row order nor a log links a
ballot to the roll entry written with it.

- Django logs every SQL statement with its parameters (logger `django.db.backends`) when DEBUG is on or a
  test captures queries; a ballot's INSERT logged right after its roll entry's would say who chose what.
  Statements that carry a ballot's choices or receipt hash therefore run on an unlogged cursor.
- After each ballot the round's box is "shaken": its ballots are written again, in id order, in the current
  transaction, so neither the physical order of the rows nor the transaction that wrote a row (PostgreSQL
  `xmin`, SQLite `rowid`) follows the order of the roll.
"""
from contextlib import contextmanager

from django.db import connection

from voting.models import Ballot


@contextmanager
def unlogged():
    """Run the ORM on plain cursors: nothing reaches the query log or `connection.queries`."""
    if "make_debug_cursor" in vars(connection):  # already inside
        yield
        return
    connection.make_debug_cursor = connection.make_cursor  # shadows the method for this thread's connection
    try:
        yield
    finally:
        del connection.make_debug_cursor


def drop(*, round_id, choices, is_valid, receipt_hash):
    """Put one ballot in the round's box and shake the box."""
    with unlogged():
        ballots = list(Ballot.objects.filter(round_id=round_id))
        ballots.append(Ballot(round_id=round_id, choices=choices, is_valid=is_valid, receipt_hash=receipt_hash))
        Ballot.objects.filter(round_id=round_id).delete()
        Ballot.objects.bulk_create(sorted(ballots, key=lambda b: b.pk))


def holds(*, round_id, receipt_hash):
    with unlogged():
        return Ballot.objects.filter(round_id=round_id, receipt_hash=receipt_hash).exists()


def contents(*, round_id):
    """The round's ballots as (choices, is_valid), in id order (the order says nothing about the voters)."""
    with unlogged():
        return list(Ballot.objects.filter(round_id=round_id).order_by("id").values_list("choices", "is_valid"))
