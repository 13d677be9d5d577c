"""The presence endpoint: each poll marks the caller as present and lists the others seen lately."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from scoring.models import SheetPresence

pytestmark = pytest.mark.integration


def _poll(client, user, sheet):
    client.force_login(user)
    return client.get(reverse("scoring:sheet_presence", args=[sheet.pk]))


def test_poll_marks_the_caller_and_lists_the_others(scoring, client):
    w = scoring
    w.secretariat.first_name, w.secretariat.last_name = "Nguyễn Văn", "A"
    w.secretariat.save()
    first = _poll(client, w.officer, w.sheet)
    assert (first.status_code, first.json()) == (200, {"others": [], "poll_seconds": 15})
    seen = SheetPresence.objects.get(user=w.officer).last_seen
    second = _poll(client, w.secretariat, w.sheet).json()
    assert second["others"] == [{"name": "Người dùng", "last_seen": seen.isoformat()}]
    third = _poll(client, w.officer, w.sheet).json()
    assert [o["name"] for o in third["others"]] == ["Nguyễn Văn A"]
    assert SheetPresence.objects.count() == 2


def test_someone_not_seen_for_30_seconds_is_gone(scoring, client):
    w = scoring
    _poll(client, w.secretariat, w.sheet)
    SheetPresence.objects.update(last_seen=timezone.now() - timedelta(seconds=31))
    assert _poll(client, w.officer, w.sheet).json()["others"] == []


def test_a_reader_polls_too_but_outsiders_get_json_404(scoring, client):
    w = scoring
    assert _poll(client, w.board, w.sheet).status_code == 200
    refused = _poll(client, w.other_officer, w.sheet)
    assert (refused.status_code, refused.json()) == (404, {"detail": "Không tìm thấy."})
    assert list(SheetPresence.objects.values_list("user__username", flat=True)) == ["board"]
    client.force_login(w.board)
    post = client.post(reverse("scoring:sheet_presence", args=[w.sheet.pk]))
    assert (post.status_code, post.json()) == (405, {"detail": "Phương thức không được hỗ trợ."})
