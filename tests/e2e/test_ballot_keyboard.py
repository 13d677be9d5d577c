"""The ballot by keyboard alone, in Chromium under the app's strict CSP: Tab to a candidate, Space to tick and
untick, the other boxes disabled at the limit and skipped by Tab, Enter on "Bỏ phiếu", the receipt; then the
receipt code checked on its page, typed and sent with Enter. No click once the round's page is open.
(The score sheet's keyboard-only editing is tests/scoring/grid/test_browser.py.)"""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.voting.ballots.conftest import to_voting
from voting.domain import box, rounds
from voting.enums import RoundPurpose
from voting.models import Candidate, VoterRollEntry

pytestmark = pytest.mark.e2e


def _tab_to(page, locator, limit=60):
    """Press Tab until `locator` has the focus (from wherever the focus is)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("(el) => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_officer_casts_the_ballot_with_the_keyboard_only(page, page_log, live_world):
    w = live_world
    to_voting(w.own)
    opened = rounds.open_round(round=rounds.create_round(
        bloc_year=w.own, purpose=RoundPurpose.RANKING, title="Bình xét xếp hạng nhất", seats=1, choices_allowed=1,
        candidates=w.own_departments, user=w.secretariat), user=w.secretariat)
    first, second, third = (d.name for d in w.own_departments)

    log_in(page, "officer")
    page.goto(f"/voting/rounds/{opened.pk}/")
    ballot = page.get_by_test_id("ballot-form")
    counter = ballot.get_by_test_id("ballot-counter")
    box_of = {name: ballot.get_by_label(name, exact=True) for name in (first, second, third)}
    cast = ballot.get_by_role("button", name="Bỏ phiếu")
    expect(counter).to_have_text("Đã chọn 0/1")

    # Tab to the second candidate and tick it with Space: the limit is reached, the others are disabled.
    _tab_to(page, box_of[second])
    page.keyboard.press("Space")
    expect(box_of[second]).to_be_checked()
    expect(counter).to_have_text("Đã chọn 1/1")
    expect(box_of[first]).to_be_disabled()
    expect(box_of[third]).to_be_disabled()
    page.keyboard.press("Tab")  # the disabled third box is skipped
    expect(cast).to_be_focused()

    # Change of mind: back with Shift+Tab, Space unticks (every box enabled again), then the first one.
    page.keyboard.press("Shift+Tab")
    expect(box_of[second]).to_be_focused()
    page.keyboard.press("Space")
    expect(box_of[second]).not_to_be_checked()
    expect(counter).to_have_text("Đã chọn 0/1")
    expect(box_of[first]).to_be_enabled()
    page.keyboard.press("Shift+Tab")
    expect(box_of[first]).to_be_focused()
    page.keyboard.press("Space")
    expect(box_of[first]).to_be_checked()
    expect(counter).to_have_text("Đã chọn 1/1")
    page.keyboard.press("Tab")  # the second and third boxes are disabled now
    expect(cast).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Đã bỏ phiếu", level=1)).to_be_visible()
    code = page.get_by_test_id("receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert VoterRollEntry.objects.filter(round=opened, department=w.officer.department).count() == 1
    chosen = Candidate.objects.get(round=opened, department=w.own_departments[0]).pk
    assert box.contents(round_id=opened.pk) == [([chosen], True)]

    # The receipt page's own link, followed with Enter; the code typed and sent with Enter.
    check = page.get_by_role("link", name="Kiểm tra mã biên nhận")
    _tab_to(page, check)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kiểm tra mã biên nhận", level=1)).to_be_visible()
    field = page.get_by_role("textbox")
    _tab_to(page, field)
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("receipt-result")).to_have_text(
        "Phiếu có mã này nằm trong hòm phiếu và sẽ được kiểm khi kết thúc bỏ phiếu.")
    page_log.assert_clean()

