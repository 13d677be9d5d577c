"""A round in the browser: the secretariat creates and opens it, three members vote from their own
sessions (each its own browser context), the secretariat counts, and the results page shows the counts."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in, url_path
from tests.factories.accounts import officer_user
from tests.voting.ballots.conftest import to_voting
from voting.models import BallotRound

pytestmark = pytest.mark.e2e


def _vote(browser, browser_context_args, round_pk, username, name, others):
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        log_in(page, username)
        page.goto(f"/voting/rounds/{round_pk}/")
        ballot = page.get_by_test_id("ballot-form")
        expect(ballot.get_by_test_id("ballot-counter")).to_have_text("Đã chọn 0/1")
        ballot.get_by_label(name, exact=True).check()
        expect(ballot.get_by_test_id("ballot-counter")).to_have_text("Đã chọn 1/1")
        for other in others:  # one choice allowed: the other boxes are disabled
            expect(ballot.get_by_label(other, exact=True)).to_be_disabled()
        ballot.get_by_role("button", name="Bỏ phiếu").click()
        expect(page.get_by_role("heading", name="Đã bỏ phiếu", level=1)).to_be_visible()
        code = page.get_by_test_id("receipt-code").inner_text()
        assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
        page.goto(f"/voting/rounds/{round_pk}/")
        expect(page.get_by_test_id("own-vote-state")).to_have_text("Đơn vị của bạn đã bỏ phiếu (Bỏ phiếu trực tuyến).")
        expect(page.get_by_text(code)).to_have_count(0)
    finally:
        context.close()


def test_three_members_vote_and_the_secretariat_counts(page, page_log, browser, browser_context_args, live_world):
    w = live_world
    to_voting(w.own)
    officer_user(w.own_departments[0], username="officer0")
    names = [d.name for d in w.own_departments]

    log_in(page, "secretariat")
    page.goto(f"/voting/bloc-years/{w.own.pk}/rounds/")
    page.get_by_role("link", name="Tạo vòng bỏ phiếu").click()
    page.get_by_label("Tên vòng bỏ phiếu").fill("Bình xét xếp hạng nhất")
    page.get_by_label("Mục đích").select_option("ranking")
    for name in names:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Tạo vòng bỏ phiếu").click()
    round_pk = BallotRound.objects.get().pk
    expect(page).to_have_url(url_path(f"/voting/rounds/{round_pk}/"))
    page.get_by_role("link", name="Mở bỏ phiếu").click()
    page.get_by_role("button", name="Mở bỏ phiếu").click()
    expect(page.get_by_test_id("round-status")).to_have_text("Đang bỏ phiếu")

    for username, choice in (("officer0", 0), ("leader", 0), ("officer", 1)):
        _vote(browser, browser_context_args, round_pk, username, names[choice],
              [n for i, n in enumerate(names) if i != choice])

    page.reload()
    expect(page.get_by_role("heading", name="Danh sách bỏ phiếu: 3/3 đơn vị đã bỏ phiếu")).to_be_visible()
    page.get_by_role("link", name="Kiểm phiếu", exact=True).click()
    page.get_by_role("button", name="Kiểm phiếu").click()
    expect(page).to_have_url(url_path(f"/voting/rounds/{round_pk}/results/"))
    for department, votes in zip(w.own_departments, (2, 1, 0)):
        expect(page.get_by_test_id(f"count-{department.pk}").get_by_test_id("votes")).to_have_text(str(votes))
    expect(page.get_by_test_id("figure-cast")).to_have_text("3 (trực tuyến 3, phiếu giấy 0)")
    expect(page.get_by_test_id("result-outcome")).to_have_text(f"Đơn vị được chọn: {names[0]}.")
    page.get_by_role("link", name="Biên bản kiểm phiếu (bản in)").click()
    expect(page.get_by_role("heading", name="BIÊN BẢN KIỂM PHIẾU", level=1)).to_be_visible()
    expect(page.get_by_test_id("figure-electorate")).to_have_text("3")
    page_log.assert_clean()
