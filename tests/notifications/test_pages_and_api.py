"""The notifications page and API: each user sees only their own, marks them read (POST), opens their page."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from notifications.domain.services import notify
from notifications.models import Notification
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def inbox(db):
    an, binh = UserFactory(username="an"), UserFactory(username="binh")
    first = notify(users=[an], title="Đề nghị mới", body="Chi tiết", url="/awards/board/")[0]
    second = notify(users=[an], title="Ra ngoài", url="https://example.com/x")[0]
    theirs = notify(users=[binh], title="Của Bình")[0]
    return type("Inbox", (), dict(an=an, binh=binh, first=first, second=second, theirs=theirs))


def test_the_list_shows_only_ones_own(client, inbox):
    client.force_login(inbox.an)
    response = client.get(reverse("notifications:list"))
    assert [n.title for n in response.context["notifications"]] == ["Ra ngoài", "Đề nghị mới"]
    assert response.context["unread"] == 2
    assert "Của Bình" not in response.content.decode()


def test_opening_marks_read_and_goes_to_the_page(client, inbox):
    client.force_login(inbox.an)
    response = client.post(reverse("notifications:mark_read", args=[inbox.first.pk]), {"next": "open"})
    assert (response.status_code, response["Location"]) == (302, "/awards/board/")
    inbox.first.refresh_from_db()
    assert inbox.first.read_at is not None


def test_a_link_off_the_site_is_not_followed(client, inbox):
    client.force_login(inbox.an)
    response = client.post(reverse("notifications:mark_read", args=[inbox.second.pk]), {"next": "open"})
    assert response["Location"] == reverse("notifications:list")


def test_someone_elses_notification_is_not_found(client, inbox):
    client.force_login(inbox.an)
    assert client.post(reverse("notifications:mark_read", args=[inbox.theirs.pk])).status_code == 404
    assert Notification.objects.get(pk=inbox.theirs.pk).read_at is None


def test_mark_all_read_page(client, inbox):
    client.force_login(inbox.an)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Đã đánh dấu 2 thông báo là đã đọc."]
    assert response.context["unread"] == 0
    assert Notification.objects.get(pk=inbox.theirs.pk).read_at is None


def test_the_api(inbox):
    api = APIClient()
    api.force_login(inbox.an)
    listed = api.get(reverse("v1:notification-list") + "?unread=true").json()
    assert [n["title"] for n in listed["results"]] == ["Ra ngoài", "Đề nghị mới"]
    read = api.post(reverse("v1:notification-read", args=[inbox.first.pk]))
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert [n["title"] for n in api.get(reverse("v1:notification-list") + "?unread=true").json()["results"]] == [
        "Ra ngoài"]
    assert api.post(reverse("v1:notification-read-all")).json() == {"marked": 1}
    assert api.get(reverse("v1:notification-detail", args=[inbox.theirs.pk])).status_code == 404
