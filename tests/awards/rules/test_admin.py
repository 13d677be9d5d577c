"""The awards admin shows rows to superusers and changes nothing."""
import pytest
from django.urls import reverse

from awards.models import AwardRule
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration


def test_the_admin_lists_and_shows_but_never_edits(catalogue, client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    rule = AwardRule.objects.filter(rule_set=catalogue.sets[2025]).first()
    for name, args in (("admin:awards_ruleset_changelist", None), ("admin:awards_awardtype_changelist", None),
                       ("admin:awards_ruleset_change", [catalogue.sets[2025].pk]),
                       ("admin:awards_awardrule_change", [rule.pk]), ("admin:awards_quota_changelist", None),
                       ("admin:awards_nomination_changelist", None), ("admin:awards_award_changelist", None)):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    assert client.get(reverse("admin:awards_ruleset_add")).status_code == 403
    response = client.post(reverse("admin:awards_ruleset_change", args=[catalogue.sets[2025].pk]), {"name": "X"})
    assert response.status_code == 403
