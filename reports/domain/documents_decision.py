"""Builder of the award decision (quyết định khen thưởng) the Chairman signs, registered in contexts.BUILDERS.

The snapshot is the decision as recorded: its number and date, the issuing People's Committee, the grounds
(căn cứ), Articles 1–3, the annex of awarded units and persons with their award type and reward money, the
recipients and the signer (slot "authority"). The Board may replace the grounds and the recipients with its
own text (ReportText of the kind for the province and year: section "grounds", one per line).
"""
import datetime

from django.utils.translation import gettext as _

from awards.domain.queries.rules import rule_set_in_force
from decisions.domain.money import format_vnd
from decisions.domain.queries.records import ZERO, lines_with_awards
from reports.domain.contexts import builder, document_part
from reports.enums import ReportKind, SignatureSlot

# The local-government law a provincial Chairman acts under, by the day it came into force (newest first).
LOCAL_GOVERNMENT_LAWS = [
    (datetime.date(2025, 7, 1), ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"]),
    (datetime.date(2025, 3, 1), ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;"]),
    (datetime.date(2020, 7, 1), ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                                 "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ "
                                 "chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"]),
    (datetime.date(2016, 1, 1), ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"]),
]
CHAIRMAN = "chủ tịch"


@builder(ReportKind.DECISION)
def decision_document(decision):
    """QUYẾT ĐỊNH "Về việc tặng …": grounds, Articles 1–3, the annex table and the Chairman's signature."""
    province = decision.province
    lines = [_line(line) for line in lines_with_awards().filter(decision=decision)]
    groups = _groups(lines)
    part = document_part(kind=ReportKind.DECISION, title=_("QUYẾT ĐỊNH"), province=province, year=decision.year,
                         issuer={"superior": "", "name": decision.authority.upper()}, signers=[_signer(decision)])
    part.update(number_symbol=decision.number_symbol, issued_on=decision.decided_on.isoformat(),
                recipients=part["recipients"] or [_("Như Điều 3;"), _("Chủ tịch, các Phó Chủ tịch UBND tỉnh;"),
                                                  _("Ban Thi đua - Khen thưởng tỉnh;"), _("Lưu: VT.")])
    total = sum((line["amount_value"] for line in lines), ZERO)
    return {
        "document": part,
        "decision": {"number_symbol": decision.number_symbol, "year": decision.year,
                     "decided_on": decision.decided_on.isoformat(), "authority": decision.authority,
                     "status": decision.status, "chairman": _("CHỦ TỊCH %(authority)s") % {
                         "authority": decision.authority.upper()}},
        "subject": _subject(groups, decision.year),
        "grounds": _grounds(decision, part),
        "article_1": _article_1(groups, len(lines), decision.year),
        "article_2": _article_2(total),
        "article_3": _("Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân tỉnh, Trưởng Ban "
                       "Thi đua - Khen thưởng tỉnh, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá "
                       "nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
        "groups": [{key: value for key, value in group.items() if key != "amount_value"} for group in groups],
        "total": format_vnd(total),
        "count": len(lines),
    }


def _line(line):
    return {"recipient": line.recipient_name, "award_type": line.award_type.name, "award_type_id": line.award_type_id,
            "person": bool(line.person_name), "cash_multiple": str(line.cash_multiple),
            "amount": format_vnd(line.amount), "amount_value": line.amount}


def _groups(lines):
    """The lines by award type, in the order the decision lists them."""
    groups = {}
    for line in lines:
        group = groups.setdefault(line["award_type_id"], {"award_type": line["award_type"], "lines": [],
                                                          "amount_value": ZERO})
        group["lines"].append({key: value for key, value in line.items() if key != "amount_value"})
        group["amount_value"] += line["amount_value"]
    for group in groups.values():
        group["amount"] = format_vnd(group["amount_value"])
        group["who"] = _who(group["lines"])
    return list(groups.values())


def _who(lines):
    people = {line["person"] for line in lines}
    if people == {True}:
        return _("cá nhân")
    return _("tập thể") if people == {False} else _("tập thể, cá nhân")


def _names(groups):
    names = [group["award_type"] for group in groups]
    return names[0] if len(names) == 1 else _("%(first)s và %(last)s") % {"first": ", ".join(names[:-1]),
                                                                           "last": names[-1]}


def _subject(groups, year):
    return _("Về việc tặng %(awards)s cho các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua "
             "năm %(year)s") % {"awards": _names(groups), "year": year}


def _grounds(decision, part):
    """The Board's own grounds when it wrote them; else the local-government law of the day, the award rules
    in force at the decision date, and the Board's proposal after the Council."""
    own = part.get("sections", {}).get("grounds")
    if own:
        return [line.strip() for line in own.splitlines() if line.strip()]
    laws = next((texts for since, texts in LOCAL_GOVERNMENT_LAWS if decision.decided_on >= since), [])
    rule_set = rule_set_in_force(province=decision.province, on_date=decision.decided_on)
    rules = (_("Căn cứ %(rules)s;") % {"rules": rule_set.name}) if rule_set else \
        _("Căn cứ các quy định hiện hành về thi đua, khen thưởng;")
    return [*laws, rules, _("Xét đề nghị của Trưởng Ban Thi đua - Khen thưởng tỉnh và kết quả họp Hội đồng Thi "
                            "đua - Khen thưởng tỉnh.")]


def _article_1(groups, count, year):
    if len(groups) == 1:
        group = groups[0]
        return {"text": _("Tặng %(award)s cho %(n)s %(who)s đã có thành tích xuất sắc trong phong trào thi đua năm "
                          "%(year)s (có danh sách kèm theo).") % {"award": group["award_type"], "n": count,
                                                                    "who": group["who"], "year": year},
                "items": []}
    return {"text": _("Tặng các hình thức khen thưởng cho %(n)s tập thể, cá nhân đã có thành tích xuất sắc trong "
                      "phong trào thi đua năm %(year)s (có danh sách kèm theo), gồm:") % {"n": count, "year": year},
            "items": [_("%(award)s: %(n)s %(who)s;") % {"award": g["award_type"], "n": len(g["lines"]),
                                                        "who": g["who"]} for g in groups]}


def _article_2(total):
    if not total:
        return _("Các tập thể, cá nhân có tên tại Điều 1 được hưởng các chế độ khen thưởng theo quy định hiện hành.")
    return _("Kèm theo hình thức khen thưởng tại Điều 1 là tiền thưởng theo quy định, tổng cộng %(total)s đồng "
             "(mức của từng tập thể, cá nhân theo danh sách kèm theo), chi từ Quỹ Thi đua, Khen thưởng của tỉnh.") % {
        "total": format_vnd(total)}


def _signer(decision):
    """The Chairman signs as CHỦ TỊCH; a Vice-Chairman "KT. CHỦ TỊCH" with the own position under it."""
    position = decision.signer_position.strip()
    if position.casefold() == CHAIRMAN:
        title, under = _("CHỦ TỊCH"), ""
    else:
        title, under = _("KT. CHỦ TỊCH"), position.upper()
    return {"slot": SignatureSlot.AUTHORITY.value, "position": title, "department": under, "department_id": None,
            "title": "", "name": decision.signer_name}
