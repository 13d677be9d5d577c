"""The score sheet page: the grid, its labelled inputs and data, totals, read-only states, query counts."""
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring.domain.queries.sheets import sheets_visible_to
from scoring.domain.sheets import save_score, submit_sheet
from scoring.enums import RoundStatus, SheetStatus
from scoring.models import Criterion, Evidence, ScoreSheet, ScoringRound, SheetPresence
from tests.scoring.grid.conftest import sized_bloc

pytestmark = pytest.mark.integration
D = Decimal


def _page(client, user, sheet):
    client.force_login(user)
    response = client.get(reverse("scoring:sheet", args=[sheet.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _fill(w):
    save_score(sheet=w.sheet, criterion=w.c["I.1"], points="7,5", comment="Thiếu báo cáo", expected_version=0,
               user=w.secretariat)
    save_score(sheet=w.sheet, criterion=w.c["II.1.a"], points="40", expected_version=0, user=w.officer)
    save_score(sheet=w.sheet, criterion=w.c["III.1"], points="5", expected_version=0, user=w.officer)
    save_score(sheet=w.sheet, criterion=w.c["IV.1"], points="-2", comment="Chậm báo cáo", expected_version=0,
               user=w.officer)


def _tag(html, testid):
    match = re.search(r'<[^>]*data-testid="%s"[^>]*>([^<]*)<' % re.escape(testid), html)
    assert match, testid
    return match.group(1)


def test_officer_sees_an_editable_grid_with_labelled_inputs(scoring, client):
    w = scoring
    html = _page(client, w.officer, w.sheet)
    c = w.c["I.1"]
    assert f'<label class="visually-hidden" for="points-{c.pk}">Điểm tiêu chí I.1</label>' in html
    assert f'<label class="visually-hidden" for="comment-{c.pk}">Nhận xét tiêu chí I.1</label>' in html
    points_input = re.search(r'<input[^>]*id="points-%s"[^>]*>' % c.pk, html).group(0)
    for attribute in ('inputmode="decimal"', f'data-criterion="{c.pk}"', 'data-min="0"', 'data-max="10.00"',
                      'data-version="0"', 'value=""'):
        assert attribute in points_input
    penalty = re.search(r'<input[^>]*id="points-%s"[^>]*>' % w.c["IV.1"].pk, html).group(0)
    assert 'data-min="-5.00"' in penalty and 'data-max="0"' in penalty
    # Six scored criteria get inputs; the five groups are header rows with a subtotal.
    assert html.count('class="form-control form-control-sm grid-input grid-points"') == 6
    assert html.count('class="grid-group ') == 5
    assert 'data-testid="read-only"' not in html
    assert 'data-editable="1"' in html
    assert reverse("scoring:sheet_cell", args=[w.sheet.pk, c.pk]) in html
    assert '<script src="/static/scoring/grid.js"></script>' in html
    assert "<script>" not in html and " style=" not in html
    assert '<script id="grid-messages" type="application/json">' in html


def test_grid_shows_saved_values_subtotals_totals_and_who_saved(scoring, client):
    w = scoring
    w.secretariat.first_name, w.secretariat.last_name = "Nguyễn Văn", "A"
    w.secretariat.save()
    _fill(w)
    html = _page(client, w.officer, w.sheet)
    i1 = re.search(r'<input[^>]*id="points-%s"[^>]*>' % w.c["I.1"].pk, html).group(0)
    assert 'value="7,5"' in i1 and 'data-version="1"' in i1
    assert f'id="comment-{w.c["I.1"].pk}"' in html and 'value="Thiếu báo cáo"' in html
    assert {code: _tag(html, f"subtotal-{code}") for code in ("I", "II", "II.1", "III", "IV")} == {
        "I": "7,50", "II": "40,00", "II.1": "40,00", "III": "5,00", "IV": "-2,00"}
    assert (_tag(html, "total-bonus"), _tag(html, "total-penalty"), _tag(html, "total")) == ("5,00", "-2,00", "50,50")
    assert _tag(html, "summary-total") == "50,50"
    row = re.search(r'<tr class="grid-row[^"]*" data-criterion="%s".*?</tr>' % w.c["I.1"].pk, html, re.S).group(0)
    assert '<span data-role="saved-by">Nguyễn Văn A</span>' in row


def test_guidance_and_evidence_links(scoring, client):
    w = scoring
    w.c["I.2"].guidance = "Chấm theo biên bản kiểm tra."
    w.c["I.2"].save()
    entry = save_score(sheet=w.sheet, criterion=w.c["I.2"], points="20", expected_version=0, user=w.officer)
    Evidence.objects.create(entry=entry, file="evidence/x.pdf", original_name="x.pdf", content_type="application/pdf",
                            size=10, sha256="0" * 64, uploaded_by=w.officer)
    html = _page(client, w.officer, w.sheet)
    assert ('<details class="grid-guidance"><summary>Hướng dẫn chấm<span class="visually-hidden"> tiêu chí I.2'
            '</span></summary><div>Chấm theo biên bản kiểm tra.</div></details>') in html
    link = reverse("scoring:evidence_list", args=[w.sheet.pk, w.c["I.2"].pk])
    assert (f'<a href="{link}" data-testid="evidence-I.2">1 tệp<span class="visually-hidden"> minh chứng tiêu chí '
            'I.2</span></a>') in html
    assert html.count("cần minh chứng</span>") == 1


def test_criterion_texts_and_comments_are_escaped_and_guidance_keeps_its_lines(scoring, client):
    w = scoring
    w.c["I.1"].title = 'Báo cáo <b>"quý"</b> & năm'
    w.c["I.1"].guidance = "Dòng một\nDòng <hai>"
    w.c["I.1"].save()
    save_score(sheet=w.sheet, criterion=w.c["I.1"], points="7", comment='Thiếu "<script>"', expected_version=0,
               user=w.officer)
    html = _page(client, w.officer, w.sheet)
    assert "Báo cáo &lt;b&gt;&quot;quý&quot;&lt;/b&gt; &amp; năm" in html and "<b>" not in html
    assert "<div>Dòng một<br>Dòng &lt;hai&gt;</div>" in html
    assert 'value="Thiếu &quot;&lt;script&gt;&quot;"' in html
    read_only = _page(client, w.board, w.sheet)
    assert '<span class="grid-value">Thiếu &quot;&lt;script&gt;&quot;</span>' in read_only
    assert re.search(r'data-testid="points-I\.2">—</span>', read_only)


@pytest.mark.parametrize(("who", "state", "reason"), [
    ("board", None, "Bạn chỉ có quyền xem phiếu chấm này."),
    ("leader", None, "Bạn chỉ có quyền xem phiếu chấm này."),
    ("officer", "submitted", "Phiếu chấm đã gửi; cần Thư ký khối mở lại phiếu để sửa."),
    ("officer", "closed", "Đợt chấm điểm đã đóng; không thể thay đổi điểm."),
    ("secretariat", "finalised", "Kết quả đợt chấm điểm đã được chốt; điểm chỉ còn để xem."),
])
def test_read_only_grid_says_why(scoring, client, who, state, reason):
    w = scoring
    save_score(sheet=w.sheet, criterion=w.c["I.1"], points="10", expected_version=0, user=w.officer)
    if state == "submitted":
        ScoreSheet.objects.filter(pk=w.sheet.pk).update(status=SheetStatus.SUBMITTED)
    elif state:
        ScoringRound.objects.filter(pk=w.round.pk).update(status=state)
    sheet = w.sheet
    if who == "leader":  # a sheet on the leader's unit, filled by its inspector: the leader only reads it
        sheet = ScoreSheet.objects.get(round=w.round, kind="cross", scored=w.leader.department)
    html = _page(client, getattr(w, who), sheet)
    assert (f'<div class="alert alert-secondary" role="status" data-testid="read-only"><strong>Phiếu chỉ để xem.'
            f'</strong> {reason}</div>') in html
    assert "grid-input" not in html
    assert 'data-editable="0"' in html
    if sheet == w.sheet:
        assert '<span class="grid-value" data-testid="points-I.1">10</span>' in html


def test_page_marks_presence_and_names_the_others(scoring, client):
    w = scoring
    _page(client, w.secretariat, w.sheet)
    html = _page(client, w.officer, w.sheet)
    assert set(SheetPresence.objects.values_list("user__username", flat=True)) == {"secretariat", "officer"}
    assert ('<p class="grid-presence" id="grid-presence" data-testid="presence" aria-live="polite">'
            'Đang mở phiếu này: Người dùng</p>') in html


def test_sheet_page_out_of_reach_is_404(scoring, client):
    w = scoring
    client.force_login(w.other_officer)
    assert client.get(reverse("scoring:sheet", args=[w.sheet.pk])).status_code == 404
    client.force_login(w.officer)
    assert client.get(f"/scoring/sheets/{2 ** 63}/").status_code == 404


def test_submitted_sheet_reads_its_status(scoring, client):
    w = scoring
    for code, points in (("I.1", "10"), ("I.2", "0"), ("II.1.a", "40"), ("II.1.b", "30")):
        save_score(sheet=w.sheet, criterion=w.c[code], points=points, comment="Không có minh chứng" if code == "I.2"
                   else "", expected_version=0, user=w.officer)
    submit_sheet(sheet=w.sheet, user=w.officer)
    html = _page(client, w.officer, w.sheet)
    assert _tag(html, "sheet-status") == "Đã gửi"


def _count_queries(client, user, sheet):
    client.force_login(user)
    url = reverse("scoring:sheet", args=[sheet.pk])
    client.get(url)  # the session and presence rows exist from here on
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_sheet_page_queries_do_not_grow_with_the_bloc(db, client):
    small, small_user = sized_bloc(3, 10)
    big, big_user = sized_bloc(15, 60)
    (small_count, small_html), (big_count, big_html) = (_count_queries(client, small_user, small),
                                                        _count_queries(client, big_user, big))
    assert small_html.count("grid-input grid-points") == 10 and big_html.count("grid-input grid-points") == 60
    assert _tag(big_html, "total") == "600,00"
    assert small_count == big_count


def test_sheet_page_reads_every_file_of_the_sheet_in_one_query(db, client):
    sheet, user = sized_bloc(3, 10)
    without_files, _html = _count_queries(client, user, sheet)
    entries = list(sheet.entries.order_by("criterion__position", "criterion_id")[:3])
    for entry, files in zip(entries, (1, 2, 3)):
        for n in range(files):
            Evidence.objects.create(entry=entry, file=f"evidence/{entry.pk}-{n}.pdf", original_name=f"{n}.pdf",
                                    content_type="application/pdf", size=10, sha256="0" * 64, uploaded_by=user)
    with_files, html = _count_queries(client, user, sheet)
    assert with_files == without_files
    shown = [re.search(rf'data-testid="evidence-{e.criterion.code}">([^<]+)<', html).group(1) for e in entries]
    assert shown == ["1 tệp", "2 tệp", "3 tệp"]


def test_round_page_and_evidence_page_link_to_the_grid(scoring, client):
    w = scoring
    client.force_login(w.officer)
    grid = reverse("scoring:sheet", args=[w.sheet.pk])
    round_page = client.get(reverse("scoring:round_detail", args=[w.round.pk])).content.decode()
    assert f'<th scope="row"><a href="{grid}">' in round_page
    evidence = client.get(reverse("scoring:evidence_list", args=[w.sheet.pk, w.c["I.2"].pk])).content.decode()
    assert f'<a class="btn btn-link mt-2" href="{grid}">Về phiếu chấm</a>' in evidence


def test_every_row_links_to_its_own_cell_and_evidence_and_is_labelled_in_english_too(scoring, client):
    w = scoring
    html = _page(client, w.officer, w.sheet)
    criteria = {code: c for code, c in w.c.items() if isinstance(c, Criterion)}
    assert len(criteria) > 5
    groups = {c.parent_id for c in criteria.values()}
    for code, c in criteria.items():
        if c.pk in groups:
            assert f'data-subtotal-for="{c.pk}"' in html
            continue
        assert f'data-url="{reverse("scoring:sheet_cell", args=[w.sheet.pk, c.pk])}"' in html
        link = reverse("scoring:evidence_list", args=[w.sheet.pk, c.pk])
        assert f'href="{link}" data-testid="evidence-{code}"' in html
    client.cookies["django_language"] = "en"
    try:
        english = client.get(reverse("scoring:sheet", args=[w.sheet.pk])).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request left English active in this thread
    c = w.c["I.1"]
    assert f'<label class="visually-hidden" for="points-{c.pk}">Score for criterion I.1</label>' in english


def test_a_sheet_read_for_one_user_proves_nothing_for_another(scoring, django_assert_num_queries):
    """The sheets selectors mark each sheet with the user it was read for, and view_sheet trusts the mark
    only for that user: anyone else is checked against their own scope."""
    w = scoring
    sheet = sheets_visible_to(w.officer).get(pk=w.sheet.pk)
    with django_assert_num_queries(0):
        assert w.officer.has_perm("scoring.view_sheet", sheet)
    with django_assert_num_queries(1):
        assert not w.other_officer.has_perm("scoring.view_sheet", sheet)
    unmarked = ScoreSheet.objects.get(pk=w.sheet.pk)
    with django_assert_num_queries(1):
        assert w.officer.has_perm("scoring.view_sheet", unmarked)
    w.officer.is_active = False
    assert not w.officer.has_perm("scoring.view_sheet", sheet)
