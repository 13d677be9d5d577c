"""On PostgreSQL, concurrent saves of one cell from the same version: exactly one wins, never an overwrite."""
import threading
from decimal import Decimal

import pytest
from django.db import connection

from audit.domain.services import verify_chain
from audit.models import AuditEvent
from scoring.domain.sheets import StaleCellError, save_score
from scoring.models import ScoreEntry

THREADS = 20


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_twenty_threads_save_the_same_cell_from_the_same_version(scoring):
    w = scoring
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(THREADS)
    outcomes = [None] * THREADS

    def worker(i):
        try:
            barrier.wait(timeout=30)
            save_score(sheet=w.sheet, criterion=w.c["I.1"], points=Decimal(i) / 4, comment=f"Lần lưu {i}",
                       expected_version=0, user=w.officer)
            outcomes[i] = ("saved", None)
        except StaleCellError as exc:
            outcomes[i] = ("conflict", exc.current)
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            outcomes[i] = ("error", repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    winners = [i for i, (kind, _) in enumerate(outcomes) if kind == "saved"]
    conflicts = [current for kind, current in outcomes if kind == "conflict"]
    assert len(winners) == 1, outcomes
    assert len(conflicts) == THREADS - 1
    winner = winners[0]
    entry = ScoreEntry.objects.get(sheet=w.sheet, criterion=w.c["I.1"])
    assert (entry.points, entry.comment, entry.version) == (Decimal(winner) / 4, f"Lần lưu {winner}", 1)
    assert all((c["points"], c["comment"], c["version"]) == (entry.points, entry.comment, 1) for c in conflicts)
    saved = AuditEvent.objects.filter(event_type="score.saved")
    assert saved.count() == 1
    assert saved.get().new_value["comment"] == f"Lần lưu {winner}"
    assert verify_chain() == []
