"""The nomination pages: a bloc-year's nominations beside its quotas and chosen candidates, preparing one,
the dossier with its history and the actions each role may take, the dossier form and the report."""
import pytest
from django.urls import reverse

from awards.enums import NominationStatus as S
from awards.models import Nomination
from tests.awards.nominations.conftest import PDF, nomination_in, pdf

pytestmark = pytest.mark.integration


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_bloc_year_page_shows_quotas_and_the_chosen_candidates(client, year_end):
    w = year_end
    response = _get(client, w.secretariat, reverse("awards:bloc_year_nominations", args=[w.own.pk]))
    page = response.context["page"]
    assert [(q.award_type.name, q.places, q.used, q.remaining) for q in page.quotas] == [
        ("Cờ thi đua của UBND tỉnh", 1, 0, 1), ("Bằng khen của Chủ tịch UBND tỉnh", 2, 0, 2)]
    assert [(c.department, c.votes, c.verdict["eligible"], c.nomination) for c in page.chosen] == [
        (w.own_departments[0], 3, True, None)]
    html = response.content.decode()
    link = (f'{reverse("awards:nomination_create", args=[w.own.pk])}?award_type={w.flag.pk}&amp;'
            f'department={w.own_departments[0].pk}&amp;ballot_round={w.round.pk}')
    assert link in html
    assert "đủ điều kiện" in html


def test_others_see_the_page_without_preparing(client, year_end):
    w = year_end
    response = _get(client, w.officer, reverse("awards:bloc_year_nominations", args=[w.own.pk]))
    assert response.context["can_prepare"] is False
    assert reverse("awards:nomination_create", args=[w.own.pk]) not in response.content.decode()


def test_preparing_from_the_chosen_candidates_link(client, year_end):
    w = year_end
    client.force_login(w.secretariat)
    url = reverse("awards:nomination_create", args=[w.own.pk])
    form = client.get(url, {"award_type": w.flag.pk, "department": w.own_departments[0].pk,
                            "ballot_round": w.round.pk, "summary": "ignored"}).context["form"]
    assert form.initial == {"award_type": str(w.flag.pk), "department": str(w.own_departments[0].pk),
                            "ballot_round": str(w.round.pk)}
    response = client.post(url, {"award_type": w.flag.pk, "department": w.own_departments[0].pk,
                                 "ballot_round": w.round.pk, "summary": "Thành tích nổi bật",
                                 "achievement_report": pdf()})
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("awards:nomination_detail",
                                                                           args=[nomination.pk])
    assert (nomination.summary, bool(nomination.achievement_report)) == ("Thành tích nổi bật", True)


def test_a_refused_preparation_says_why_and_keeps_nothing(client, year_end):
    w = year_end
    client.force_login(w.secretariat)
    response = client.post(reverse("awards:nomination_create", args=[w.own.pk]), {
        "award_type": w.flag.pk, "department": w.own_departments[1].pk, "ballot_round": w.round.pk})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"{w.own_departments[1].name} không được chọn trong vòng bỏ phiếu “Bình xét Cờ thi đua của UBND tỉnh”."]
    assert Nomination.objects.count() == 0


def test_the_detail_page_shows_the_actions_of_each_role(client, year_end):
    w = year_end
    draft = nomination_in(w, S.DRAFT)
    submitted = nomination_in(w, S.SUBMITTED, department=w.own_departments[0])

    def actions(user, nomination):
        response = _get(client, user, reverse("awards:nomination_detail", args=[nomination.pk]))
        return [name for name, _form in response.context["actions"]], response.context["can_edit"]

    assert actions(w.secretariat, draft) == (["submit"], True)
    assert actions(w.board, draft) == ([], False)
    assert actions(w.officer, draft) == ([], False)
    assert actions(w.board, submitted) == (["start_review"], False)
    assert actions(w.secretariat, submitted) == ([], False)
    under_review = nomination_in(w, S.UNDER_REVIEW, department=w.own_departments[1])
    assert actions(w.board, under_review) == (["return", "approve", "reject"], False)
    returned = nomination_in(w, S.RETURNED, award_type=w.flag, department=w.own_departments[2])
    assert actions(w.secretariat, returned) == (["resubmit"], True)


def test_returning_needs_a_comment_and_the_comment_shows_in_the_history(client, year_end):
    w = year_end
    nomination = nomination_in(w, S.UNDER_REVIEW)
    client.force_login(w.board)
    url = reverse("awards:nomination_return", args=[nomination.pk])
    refused = client.post(url, {"comment": " "})
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"comment": ["Hãy ghi ý kiến (lý do) để đơn vị biết cần làm gì."]}
    done = client.post(url, {"comment": "Thiếu biên bản họp xét."}, follow=True)
    assert [str(m) for m in done.context["messages"]] == ["Đã trả lại đề nghị để bổ sung."]
    nomination.refresh_from_db()
    assert nomination.status == S.RETURNED
    assert [(e.get_to_status_display(), e.comment) for e in done.context["dossier"].events] == [
        ("Trả lại để bổ sung", "Thiếu biên bản họp xét.")]
    assert "Thiếu biên bản họp xét." in done.content.decode()


def test_a_step_refused_by_the_state_is_explained(client, year_end):
    w = year_end
    nomination = nomination_in(w, S.APPROVED)
    client.force_login(w.board)
    response = client.post(reverse("awards:nomination_approve", args=[nomination.pk]), {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Chỉ chấp thuận được đề nghị đang được xem xét (hiện tại: Đã chấp thuận)."]


def test_a_step_refused_by_the_role_is_403(client, year_end):
    w = year_end
    nomination = nomination_in(w, S.UNDER_REVIEW)
    client.force_login(w.secretariat)
    assert client.post(reverse("awards:nomination_approve", args=[nomination.pk]), {}).status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == S.UNDER_REVIEW


def test_the_dossier_form_replaces_the_report(client, year_end):
    w = year_end
    nomination = nomination_in(w, S.DRAFT, with_report=False)
    client.force_login(w.secretariat)
    url = reverse("awards:nomination_edit", args=[nomination.pk])
    bad = client.post(url, {"summary": "Tóm tắt", "achievement_report": pdf(content=b"<html>")})
    assert bad.context["form"].non_field_errors() == [
        "Báo cáo thành tích phải là tệp PDF (kiểm tra theo nội dung tệp, không theo tên hay đuôi tệp)."]
    assert client.post(url, {"summary": "Tóm tắt", "achievement_report": pdf()}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.summary == "Tóm tắt"
    download = client.get(reverse("awards:nomination_report", args=[nomination.pk]))
    assert (download.status_code, download["Content-Type"], b"".join(download.streaming_content)) == (
        200, "application/pdf", PDF)
    assert download["Content-Disposition"] == f'attachment; filename="bao-cao-thanh-tich-{nomination.pk}.pdf"'


def test_no_report_is_not_found(client, year_end):
    w = year_end
    nomination = nomination_in(w, S.DRAFT, with_report=False)
    client.force_login(w.board)
    assert client.get(reverse("awards:nomination_report", args=[nomination.pk])).status_code == 404


def test_without_rules_in_force_the_candidates_say_why(client, year_end):
    w = year_end
    w.rule_set.delete()
    response = _get(client, w.secretariat, reverse("awards:bloc_year_nominations", args=[w.own.pk]))
    assert [c.error for c in response.context["page"].chosen] == [
        f"Tỉnh {w.province.name} chưa có bộ quy định khen thưởng có hiệu lực vào ngày 31/12/2026; Ban Thi đua - "
        "Khen thưởng cần khai báo bộ quy định cho thời kỳ này."]
