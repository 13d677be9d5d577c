"""Accessibility of the main pages: axe-core (pinned in package.json, injected from node_modules/) finds no
serious or critical violation on any of them, and every form control on them has an accessible label.

The pages are those of the loaded demo, seen by the role that works on each, with three years moved on so that
the working forms are on screen too: Bắc Kạn 2018 has an open scoring round (the officer's editable score
sheet), Quảng Ngãi 2018 an open ballot round (the ballot form), Quảng Nam 2016 a finished year-end report.

Loading the demo takes seconds, and a test that asks for `live_server` has its database flushed when it ends,
so the module loads it once, committed, serves it from a live server of its own and visits every page in one
pass (a browser context per account, in `audit`), then flushes the database; the tests are parametrised by
page and each reads its page's findings, so a failing page fails on its own.
"""
from dataclasses import dataclass, field
from io import StringIO
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from tests.e2e.axe import AXE_PATH, axe_available, blocking, describe, open_details, run_axe, unlabelled_controls
from tests.e2e.browser import log_in

# Transactional like the other browser tests: the DB is flushed after each test, as after theirs.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANONYMOUS = None


@dataclass(frozen=True)
class Page:
    id: str
    user: str | None  # the account that visits it (None: signed out)
    url: object  # the world (`prepare_world`) → the page's path
    action: object = None  # what the visitor does there before the audit (the page → None), if anything


def _r(name, *args):
    return reverse(name, args=args)


def _grid_editable(page):
    expect(page.get_by_test_id("score-grid").locator("input").first).to_be_editable()


def _ballot_shown(page):
    expect(page.get_by_test_id("ballot-form").get_by_role("checkbox").first).to_be_enabled()


def _cast_ballot(page):
    """Tick the first candidate and cast the ballot: the audit is of the receipt page."""
    ballot = page.get_by_test_id("ballot-form")
    ballot.get_by_role("checkbox").first.check()
    ballot.get_by_role("button", name="Bỏ phiếu").click()
    expect(page.get_by_test_id("receipt-code")).to_be_visible()


PAGES = [
    Page("login", ANONYMOUS, lambda w: _r("login")),
    # Dashboards, one per role.
    Page("dashboard-superuser", "admin", lambda w: _r("dashboard")),
    Page("dashboard-board", "ban.quangnam", lambda w: _r("dashboard")),
    Page("dashboard-secretariat", "thuky.quangnam", lambda w: _r("dashboard")),
    Page("dashboard-leader", "lanhdao.quangnam", lambda w: _r("dashboard")),
    Page("dashboard-officer", "canbo.quangnam", lambda w: _r("dashboard")),
    # Provinces, blocs, departments.
    Page("province-list", "ban.quangnam", lambda w: _r("blocs:province_list")),
    Page("province-detail", "ban.quangnam", lambda w: _r("blocs:province_detail", w.quang_nam.pk)),
    Page("bloc-detail", "ban.quangnam", lambda w: _r("blocs:bloc_detail", w.qn_2016.bloc_id)),
    Page("department-list", "ban.quangnam", lambda w: _r("blocs:department_list")),
    Page("department-detail", "canbo.quangnam", lambda w: _r("blocs:department_detail", w.qn_department.pk)),
    Page("bloc-year-pledge-phase", "thuky.quangnam", lambda w: _r("blocs:bloc_year_detail", w.qn_2017.pk)),
    Page("bloc-year-closed", "thuky.quangnam", lambda w: _r("blocs:bloc_year_detail", w.qn_2016.pk)),
    Page("conference-add", "thuky.quangnam", lambda w: _r("blocs:conference_add", w.qn_2017.pk)),
    # Scales and pledges.
    Page("scale-templates", "ban.quangnam", lambda w: _r("scoring:template_list")),
    Page("scale-template-detail", "ban.quangnam", lambda w: _r("scoring:template_detail", w.qn_template.pk)),
    Page("bloc-year-scale", "thuky.quangnam", lambda w: _r("scoring:bloc_year_scale", w.qn_2017.pk)),
    Page("criterion-add", "thuky.quangnam", lambda w: _r("scoring:criterion_add", w.qn_2017.scale.pk)),
    Page("pledge-open", "thuky.quangnam", lambda w: _r("scoring:pledge", w.qn_2017.pk)),
    Page("pledge-signed", "thuky.quangnam", lambda w: _r("scoring:pledge", w.qn_2016.pk)),
    # Scoring: the editable grid, a closed sheet, rounds and the ranking.
    Page("score-sheet-open", "canbo.backan", lambda w: _r("scoring:sheet", w.bk_sheet.pk), action=_grid_editable),
    Page("score-sheet-closed", "canbo.quangnam", lambda w: _r("scoring:sheet", w.qn_sheet.pk)),
    Page("scoring-rounds", "thuky.quangnam", lambda w: _r("scoring:round_list", w.qn_2016.pk)),
    Page("scoring-round-detail", "thuky.backan", lambda w: _r("scoring:round_detail", w.bk_round.pk)),
    Page("ranking", "thuky.quangnam", lambda w: _r("scoring:ranking", w.qn_round.pk)),
    # Voting: the ballot, the secretariat's round pages, results and the election.
    Page("ballot-round-voter", "canbo.quangngai", lambda w: _r("voting:round_detail", w.qg_ballot.pk),
         action=_ballot_shown),
    Page("ballot-round-secretariat", "thuky.quangngai", lambda w: _r("voting:round_detail", w.qg_ballot.pk)),
    Page("ballot-round-create", "thuky.quangngai", lambda w: _r("voting:round_create", w.qg_2018.pk)),
    Page("ballot-receipt-check", "canbo.quangngai", lambda w: _r("voting:receipt_check", w.qg_ballot.pk)),
    Page("ballot-receipt", "canbo2.quangngai", lambda w: _r("voting:round_detail", w.qg_ballot.pk),
         action=_cast_ballot),
    Page("ballot-rounds", "thuky.quangnam", lambda w: _r("voting:round_list", w.qn_2016.pk)),
    Page("ballot-results", "thuky.quangnam", lambda w: _r("voting:round_results", w.qn_ballot.pk)),
    Page("election", "thuky.quangnam", lambda w: _r("voting:election", w.qn_2016.pk)),
    # Awards: nominations, the Board's dashboard, the rules.
    Page("nominations", "thuky.quangnam", lambda w: _r("awards:bloc_year_nominations", w.qn_2016.pk)),
    Page("nomination-detail", "ban.quangnam", lambda w: _r("awards:nomination_detail", w.qn_nomination.pk)),
    Page("board-dashboard", "ban.quangnam", lambda w: _r("awards:board_dashboard")),
    Page("award-rules", "ban.quangnam", lambda w: _r("awards:rules")),
    Page("rule-set-detail", "ban.quangnam", lambda w: _r("awards:rule_set_detail", w.qn_rule_set.pk)),
    # Decisions: disclosure, decisions, history, statistics, money.
    Page("disclosure-list", "ban.quangnam", lambda w: _r("decisions:disclosure_list")),
    Page("disclosure-detail-board", "ban.quangnam", lambda w: _r("decisions:disclosure_detail", w.qn_disclosure.pk)),
    Page("disclosure-detail-officer", "canbo.quangnam",
         lambda w: _r("decisions:disclosure_detail", w.qn_disclosure.pk)),
    Page("decision-list", "ban.quangnam", lambda w: _r("decisions:decision_list")),
    Page("decision-detail", "ban.quangnam", lambda w: _r("decisions:decision_detail", w.qn_decision.pk)),
    Page("award-history", "ban.quangnam", lambda w: _r("decisions:award_history")),
    Page("award-timeline", "ban.quangnam", lambda w: _r("decisions:department_timeline", w.qn_awarded.pk)),
    Page("statistics", "ban.quangnam", lambda w: _r("decisions:statistics")),
    Page("decision-create", "ban.quangnam", lambda w: _r("decisions:decision_create", w.quang_nam.pk)),
    Page("history-import", "ban.quangnam", lambda w: _r("decisions:history_import", w.quang_nam.pk)),
    Page("money", "ban.quangnam", lambda w: _r("decisions:money", w.quang_nam.pk)),
    # Reports and signatures.
    Page("reports-list", "thuky.quangnam", lambda w: _r("reports:bloc_year_documents", w.qn_2016.pk)),
    Page("report-detail", "thuky.quangnam", lambda w: _r("reports:report_detail", w.qn_report.pk)),
    Page("signature-verify", "canbo.quangnam", lambda w: _r("reports:verify")),
    Page("certificates-leader", "lanhdao.quangnam", lambda w: _r("reports:certificates")),
    Page("certificates-board", "ban.quangnam", lambda w: _r("reports:certificates")),
    Page("report-jobs", "admin", lambda w: _r("reports:jobs")),
    # Accounts and notifications.
    Page("accounts-board", "ban.quangnam", lambda w: _r("accounts:user_list")),
    Page("accounts-superuser", "admin", lambda w: _r("accounts:user_list")),
    Page("account-create", "ban.quangnam", lambda w: _r("accounts:user_create")),
    Page("account-edit", "ban.quangnam", lambda w: _r("accounts:user_edit", w.qn_officer.pk)),
    Page("password-change", "canbo.quangnam", lambda w: _r("accounts:password_change")),
    Page("notifications", "canbo.quangngai", lambda w: _r("notifications:list")),
]
PAGE_IDS = [p.id for p in PAGES]
assert len(set(PAGE_IDS)) == len(PAGE_IDS)


def prepare_world():
    """The demo, committed, and the three years moved on; the objects the pages are about."""
    from accounts.models import User
    from awards.models import Nomination, RuleSet
    from blocs.enums import Phase
    from blocs.models import BlocYear, Department, Province
    from decisions.models import AwardDecision, Disclosure
    from reports.domain import pipeline
    from reports.enums import ReportKind, ReportStatus
    from scoring.domain.rounds import open_round as open_scoring_round
    from scoring.enums import RoundKind, ScaleStatus, SheetKind
    from scoring.models import ScoreSheet, ScoringRound, ScoringScale
    from voting.domain import rounds as ballot_rounds
    from voting.enums import RoundPurpose
    from voting.models import BallotRound

    call_command("load_demo", "--force", stdout=StringIO())
    user = User.objects.get
    year = lambda code, y: BlocYear.objects.select_related("bloc").get(bloc__province__code=code, year=y)  # noqa: E731
    members = lambda by: list(Department.objects.filter(memberships__bloc_year=by).order_by("pk"))  # noqa: E731

    # Bắc Kạn 2018: its scale frozen as if the pledge were signed, and the year-end scoring round opened.
    bk_2018 = year("bac-kan", 2018)
    ScoringScale.objects.filter(bloc_year=bk_2018).update(status=ScaleStatus.FROZEN)
    BlocYear.objects.filter(pk=bk_2018.pk).update(phase=Phase.SCORING)
    bk_round = open_scoring_round(bloc_year=bk_2018, kind=RoundKind.YEAR_END, user=user(username="thuky.backan"))
    bk_officer = user(username="canbo.backan")
    bk_sheet = ScoreSheet.objects.filter(round=bk_round, kind=SheetKind.CROSS, scorer=bk_officer.department).first()

    # Quảng Ngãi 2018: in the voting phase, a ranking round open to its members.
    qg_2018 = year("quang-ngai", 2018)
    BlocYear.objects.filter(pk=qg_2018.pk).update(phase=Phase.VOTING)
    qg_secretariat = user(username="thuky.quangngai")
    qg_ballot = ballot_rounds.open_round(round=ballot_rounds.create_round(
        bloc_year=qg_2018, purpose=RoundPurpose.RANKING, title="Bình xét xếp hạng nhất", seats=1,
        choices_allowed=2, candidates=members(qg_2018), user=qg_secretariat), user=qg_secretariat)
    assert {user(username=name).department for name in ("canbo.quangngai", "canbo2.quangngai")} <= set(
        members(qg_2018))

    # Quảng Nam 2016, the demo's finished year: its year-end report (Celery is eager in the tests).
    qn_2016 = year("quang-nam", 2016)
    qn_report = pipeline.request_report(kind=ReportKind.YEAR_END, user=user(username="thuky.quangnam"),
                                        subject=qn_2016)
    qn_report.refresh_from_db()
    assert qn_report.status == ReportStatus.DONE, qn_report.error

    quang_nam = Province.objects.get(code="quang-nam")
    qn_officer = user(username="canbo.quangnam")
    qn_round = ScoringRound.objects.get(bloc_year=qn_2016, kind=RoundKind.YEAR_END)
    qn_decision = AwardDecision.objects.get(province=quang_nam, number_symbol="86/QĐ-UBND")
    return SimpleNamespace(
        bk_round=bk_round, bk_sheet=bk_sheet, qg_2018=qg_2018, qg_ballot=qg_ballot,
        quang_nam=quang_nam, qn_2016=qn_2016, qn_2017=year("quang-nam", 2017), qn_report=qn_report,
        qn_department=qn_officer.department, qn_officer=qn_officer, qn_round=qn_round,
        qn_sheet=ScoreSheet.objects.filter(round=qn_round, kind=SheetKind.CROSS,
                                           scorer=qn_officer.department).first(),
        qn_template=ScoringScale.objects.filter(province=quang_nam, bloc_year__isnull=True).first(),
        qn_ballot=BallotRound.objects.filter(bloc_year=qn_2016).order_by("pk").first(),
        qn_nomination=Nomination.objects.filter(bloc_year=qn_2016).order_by("pk").first(),
        qn_rule_set=RuleSet.objects.filter(province=quang_nam).order_by("pk").first(),
        qn_disclosure=Disclosure.objects.get(province=quang_nam, year=2016),
        qn_decision=qn_decision,
        qn_awarded=qn_decision.lines.order_by("pk").first().department,
    )


@dataclass
class Finding:
    url: str = ""
    status: int | None = None
    error: str = ""
    violations: list = field(default_factory=list)
    unlabelled: list = field(default_factory=list)

    def assert_audited(self):
        assert not self.error, f"{self.url}: {self.error}"
        assert self.status == 200, f"{self.url} answered {self.status}"


def _audit_page(page, url, action=None):
    finding = Finding(url=url)
    try:
        response = page.goto(url)
        finding.status = response.status if response else None
        if action is not None and finding.status == 200:
            action(page)
            if urlsplit(page.url).path != url:
                finding.url = f"{url} → {urlsplit(page.url).path}"
        page.wait_for_load_state("networkidle")
        open_details(page)
        finding.violations = run_axe(page)
        finding.unlabelled = unlabelled_controls(page)
    except Exception as exc:  # noqa: BLE001 — reported by the page's own tests
        finding.error = f"{type(exc).__name__}: {exc}"
    return finding


def crawl(browser, base_url, world):
    """Every page of PAGES as its account sees it: {page id: Finding}."""
    findings = {}
    for username in dict.fromkeys(p.user for p in PAGES):
        context = browser.new_context(base_url=base_url, locale="vi-VN", viewport={"width": 1280, "height": 900},
                                      bypass_csp=True)  # axe goes in as an inline script (tests/e2e/axe.py)
        try:
            page = context.new_page()
            refused = ""
            if username is not ANONYMOUS:
                try:
                    log_in(page, username, settings.DEMO_PASSWORD)
                except Exception as exc:  # noqa: BLE001 — every page of the account reports it
                    refused = f"{username} could not sign in: {type(exc).__name__}: {exc}"
            for spec in PAGES:
                if spec.user == username:
                    url = spec.url(world)
                    findings[spec.id] = (Finding(url=url, error=refused) if refused
                                         else _audit_page(page, url, spec.action))
        finally:
            context.close()
    return findings


@pytest.fixture(scope="module")
def audit(django_db_setup, django_db_blocker, browser, tmp_path_factory):
    assert axe_available(), f"{AXE_PATH} is missing: run `npm ci` (make test does)"
    # The demo is committed and then flushed: only ever in the test database.
    assert connection.settings_dict["NAME"].startswith("test_"), connection.settings_dict["NAME"]
    media = tmp_path_factory.mktemp("a11y-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media), SIGNING_TEST_CA=True):
        try:
            world = prepare_world()
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            try:
                return crawl(browser, server.url, world)
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:  # each test flushes the database after it too; this one is for a failure before the first
            call_command("flush", interactive=False, verbosity=0)


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_axe_finds_no_serious_or_critical_violation(audit, page_id):
    finding = audit[page_id]
    finding.assert_audited()
    found = blocking(finding.violations)
    assert not found, f"axe on {finding.url} ({page_id}):\n{describe(found)}"


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_every_form_control_has_a_label(audit, page_id):
    finding = audit[page_id]
    finding.assert_audited()
    assert finding.unlabelled == [], f"controls without a label on {finding.url}: {finding.unlabelled}"
