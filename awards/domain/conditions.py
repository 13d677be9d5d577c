"""The composable eligibility checks: their parameters, their wording, and how each is judged.

Each kind reads `EligibilityFacts` (awards/domain/queries/rules.py) and answers (met, detail): met is True,
False or None (unknown: the system lacks the data). Parameters are JSON; `clean_params` is the one place
that checks them, for the pages, the API and the defaults alike.
"""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.enums import ConditionKind
from scoring.enums import Classification

CLASSIFICATION_ORDER = [Classification.EXCELLENT, Classification.GOOD, Classification.COMPLETE,
                        Classification.INCOMPLETE]  # best first
# What the share-of-members check can count. None of it is recorded in the system yet (per-person results).
MEMBER_STATUSES = {
    "completed": gettext_lazy("hoàn thành nhiệm vụ trở lên"),
    "good": gettext_lazy("hoàn thành tốt hoặc xuất sắc nhiệm vụ"),
    "lao_dong_tien_tien": gettext_lazy("đạt danh hiệu “Lao động tiên tiến”"),
    "not_disciplined": gettext_lazy("không bị kỷ luật từ hình thức khiển trách trở lên"),
}
MAX_YEARS = 20


# --- Parameters -----------------------------------------------------------------------------------------


def clean_params(*, kind, params, award_codes):
    """Validated, normalised parameters for a kind (`award_codes`: the province's award type codes)."""
    if kind not in ConditionKind.values:
        raise ValidationError(_("Loại điều kiện không hợp lệ."))
    if not isinstance(params, dict):
        raise ValidationError(_("Tham số của điều kiện phải là một đối tượng JSON."))
    cleaner = {
        ConditionKind.LED_BLOC: lambda p: {"max_rank": _int(p, "max_rank", 1, 1, 50, _("Số đơn vị dẫn đầu"))},
        ConditionKind.RANKED_AT_MOST: lambda p: {"rank": _int(p, "rank", None, 1, 50, _("Hạng"))},
        ConditionKind.CLASSIFICATION_AT_LEAST: lambda p: {"classification": _classification(p)},
        ConditionKind.HOLDS_AWARD: lambda p: {"award_type": _award(p, award_codes),
                                              "year_offset": _offset(p)},
        ConditionKind.CONSECUTIVE_YEARS: lambda p: _consecutive(p, award_codes),
        ConditionKind.MEMBER_SHARE_AT_LEAST: lambda p: {"status": _status(p), "percent": _percent(p)},
    }[kind]
    return cleaner(params)


def _int(params, key, default, low, high, label):
    value = params.get(key, default)
    if value is None:
        raise ValidationError(_("Thiếu tham số “%(label)s”.") % {"label": label})
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).lstrip("-").isdigit():
        raise ValidationError(_("“%(label)s” phải là số nguyên.") % {"label": label})
    value = int(value)
    if not low <= value <= high:
        raise ValidationError(_("“%(label)s” phải từ %(low)s đến %(high)s.") % {"label": label, "low": low,
                                                                             "high": high})
    return value


def _offset(params):
    return _int(params, "year_offset", 0, -MAX_YEARS, 0, _("Năm so với năm thi đua"))


def _classification(params):
    value = params.get("classification")
    if value not in Classification.values:
        raise ValidationError(_("Xếp loại không hợp lệ; chọn một trong: %(choices)s.")
                              % {"choices": ", ".join(Classification.values)})
    return value


def _award(params, award_codes):
    code = params.get("award_type")
    if not isinstance(code, str) or code not in award_codes:
        raise ValidationError(_("Hình thức khen thưởng “%(code)s” không có trong danh mục của tỉnh.")
                              % {"code": code if isinstance(code, str) else ""})
    return code


def _consecutive(params, award_codes):
    has_award, has_class = bool(params.get("award_type")), bool(params.get("classification"))
    if has_award == has_class:
        raise ValidationError(_("Điều kiện nhiều năm liên tục cần đúng một trong hai: hình thức khen thưởng "
                                "hoặc xếp loại."))
    cleaned = {"award_type": _award(params, award_codes)} if has_award else {"classification": _classification(params)}
    cleaned["years"] = _int(params, "years", None, 2, MAX_YEARS, _("Số năm liên tục"))
    cleaned["year_offset"] = _offset(params)
    return cleaned


def _status(params):
    value = params.get("status")
    if value not in MEMBER_STATUSES:
        raise ValidationError(_("Tiêu chí thành viên không hợp lệ; chọn một trong: %(choices)s.")
                              % {"choices": ", ".join(MEMBER_STATUSES)})
    return value


def _percent(params):
    value = params.get("percent")
    try:
        number = Decimal(str(value)) if not isinstance(value, bool) and value is not None else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not Decimal("0") < number <= Decimal("100"):
        raise ValidationError(_("Tỷ lệ phải là một số lớn hơn 0 và không quá 100."))
    return int(number) if number == number.to_integral_value() else float(number)


def first_year(kind, params, year):
    """The earliest year a condition reads."""
    if kind == ConditionKind.CONSECUTIVE_YEARS:
        return year + int(params.get("year_offset", 0)) - int(params.get("years", 1)) + 1
    if kind == ConditionKind.HOLDS_AWARD:
        return year + int(params.get("year_offset", 0))
    return year


# --- Wording --------------------------------------------------------------------------------------------


def classification_label(value):
    return Classification(value).label if value in Classification.values else value


def describe(kind, params, *, names, year=None):
    """The condition in words: for the year judged, or in general (year None) on the rule set's page."""
    if kind == ConditionKind.MEMBER_SHARE_AT_LEAST:
        values = {"percent": params["percent"], "status": MEMBER_STATUSES.get(params["status"], params["status"])}
        if params["percent"] == 100:
            return _("Tất cả (100%%) thành viên %(status)s") % values
        return _("Ít nhất %(percent)s%% thành viên %(status)s") % values
    if kind in (ConditionKind.HOLDS_AWARD, ConditionKind.CONSECUTIVE_YEARS):
        return _describe_history(kind, params, names=names, year=year)
    values = {"n": params.get("max_rank", params.get("rank", 1)), "year": year,
              "label": classification_label(params.get("classification", ""))}
    texts = {  # (for a year, in general)
        "led_one": (_("Dẫn đầu khối thi đua năm %(year)s (xếp thứ nhất)"), _("Dẫn đầu khối thi đua (xếp thứ nhất)")),
        "led_many": (_("Thuộc nhóm dẫn đầu khối thi đua năm %(year)s (%(n)s đơn vị đứng đầu)"),
                     _("Thuộc nhóm dẫn đầu khối thi đua (%(n)s đơn vị đứng đầu)")),
        ConditionKind.RANKED_AT_MOST: (_("Xếp hạng từ thứ 1 đến thứ %(n)s của khối năm %(year)s"),
                                       _("Xếp hạng từ thứ 1 đến thứ %(n)s của khối")),
        ConditionKind.CLASSIFICATION_AT_LEAST: (_("Xếp loại từ “%(label)s” trở lên năm %(year)s"),
                                                _("Xếp loại từ “%(label)s” trở lên")),
    }
    key = ("led_one" if values["n"] == 1 else "led_many") if kind == ConditionKind.LED_BLOC else kind
    return texts[key][0 if year is not None else 1] % values


def _describe_history(kind, params, *, names, year):
    offset = params.get("year_offset", 0)
    values = {"award": names.get(params.get("award_type"), params.get("award_type")), "n": params.get("years"),
              "label": classification_label(params.get("classification", "")), "k": -offset}
    if year is not None:
        last = year + offset
        values.update(year=last, first=last - (values["n"] or 1) + 1, last=last)
    if kind == ConditionKind.HOLDS_AWARD:
        if year is not None:
            return _("Được tặng “%(award)s” năm %(year)s") % values
        if offset == 0:
            return _("Được tặng “%(award)s” trong năm thi đua") % values
        return _("Được tặng “%(award)s” %(k)s năm trước năm thi đua") % values
    what = (_("được tặng “%(award)s”") if params.get("award_type") else _("xếp loại từ “%(label)s” trở lên")) % values
    values["what"] = what
    if year is not None:
        return _("%(n)s năm liên tục (%(first)s–%(last)s) %(what)s") % values
    if offset == 0:
        return _("%(n)s năm liên tục %(what)s, tính đến năm thi đua") % values
    return _("%(n)s năm liên tục %(what)s, tính đến %(k)s năm trước năm thi đua") % values


# --- Judging --------------------------------------------------------------------------------------------


def run(kind, params, *, department_id, facts, names):
    """(met, detail) of one condition for one unit."""
    judge = {
        ConditionKind.LED_BLOC: lambda: _ranked(facts, department_id, params.get("max_rank", 1)),
        ConditionKind.RANKED_AT_MOST: lambda: _ranked(facts, department_id, params["rank"]),
        ConditionKind.CLASSIFICATION_AT_LEAST: lambda: _classified(facts, department_id, params["classification"]),
        ConditionKind.HOLDS_AWARD: lambda: _holds(facts, department_id, params, names),
        ConditionKind.CONSECUTIVE_YEARS: lambda: _consecutive_years(facts, department_id, params),
        ConditionKind.MEMBER_SHARE_AT_LEAST: lambda: (None, _(
            "Chưa có dữ liệu: hệ thống chưa ghi nhận kết quả của từng thành viên (cán bộ, người lao động) "
            "của đơn vị.")),
    }[kind]
    return judge()


def _this_year(facts, department_id):
    """The unit's result in the bloc-year's finalised ranking: (result, None) or (None, (met, detail))."""
    if not facts.ranking_finalised:
        return None, (None, _("Chưa có dữ liệu: bảng xếp hạng tổng kết năm %(year)s của khối chưa được chốt.")
                      % {"year": facts.year})
    results = facts.results_of(department_id, facts.year)
    if not results or results[0].rank is None:
        return None, (False, _("Đơn vị không có hạng trong bảng xếp hạng tổng kết năm %(year)s đã chốt.")
                      % {"year": facts.year})
    return results[0], None


def _ranked(facts, department_id, max_rank):
    result, missing = _this_year(facts, department_id)
    if missing:
        return missing
    values = {"rank": result.rank, "year": facts.year, "n": max_rank}
    detail = _("Xếp thứ %(rank)s trong bảng xếp hạng tổng kết năm %(year)s đã chốt") % values
    if result.tied:
        detail += _(" (đồng hạng, cần bỏ phiếu để phân định)")
    if result.rank <= max_rank:
        return True, detail + "."
    return False, detail + (_("; cần xếp thứ nhất.") if max_rank == 1 else _("; cần trong %(n)s hạng đầu.") % values)


def _meets_classification(value, minimum):
    return value in CLASSIFICATION_ORDER and CLASSIFICATION_ORDER.index(value) <= CLASSIFICATION_ORDER.index(minimum)


def _classified(facts, department_id, minimum):
    result, missing = _this_year(facts, department_id)
    if missing:
        return missing
    values = {"year": facts.year, "label": classification_label(result.classification),
              "minimum": classification_label(minimum)}
    if _meets_classification(result.classification, minimum):
        return True, _("Xếp loại năm %(year)s: %(label)s.") % values
    return False, _("Xếp loại năm %(year)s: %(label)s; cần từ “%(minimum)s” trở lên.") % values


def _holds(facts, department_id, params, names):
    code, year = params["award_type"], facts.year + params.get("year_offset", 0)
    values = {"award": names.get(code, code), "year": year}
    met, holder = _award_status(facts, department_id, code, year)
    if met:
        return True, _("Đã được tặng “%(award)s” năm %(year)s (%(unit)s).") % {**values, "unit": holder}
    if met is None:
        return None, _("Chưa có dữ liệu: “%(award)s” năm %(year)s đang được đề nghị, chưa có quyết định.") % values
    return False, _("Không có “%(award)s” năm %(year)s trong lịch sử khen thưởng của đơn vị.") % values


def _award_status(facts, department_id, code, year):
    """(True, holder name) when the lineage holds it; (None, None) when this year's is still being proposed."""
    holder = facts.award_holder(department_id, code, year)
    if holder is not None:
        return True, holder
    if year == facts.year and facts.is_pending(department_id, code):
        return None, None
    return False, None


def _award_year(facts, department_id, code, year):
    met, holder = _award_status(facts, department_id, code, year)
    if met:
        return True, _("%(year)s: đạt (%(unit)s)") % {"year": year, "unit": holder}
    if met is None:
        return None, _("%(year)s: đang được đề nghị, chưa có quyết định") % {"year": year}
    return False, _("%(year)s: không có trong lịch sử khen thưởng") % {"year": year}


def _classification_in_year(facts, department_id, minimum, year):
    results = [r for r in facts.results_of(department_id, year) if r.classification]
    if not results:
        return None, _("%(year)s: chưa có dữ liệu xếp loại") % {"year": year}
    best = min(results, key=lambda r: CLASSIFICATION_ORDER.index(r.classification)
               if r.classification in CLASSIFICATION_ORDER else len(CLASSIFICATION_ORDER))
    values = {"year": year, "unit": best.department_name, "label": classification_label(best.classification)}
    ok = _meets_classification(best.classification, minimum)
    return ok, (_("%(year)s: đạt (%(unit)s: %(label)s)") if ok else _("%(year)s: không đạt (%(unit)s: %(label)s)")) \
        % values


def _consecutive_years(facts, department_id, params):
    last = facts.year + params.get("year_offset", 0)
    years = range(last - params["years"] + 1, last + 1)
    parts = []
    for year in years:
        if params.get("award_type"):
            parts.append(_award_year(facts, department_id, params["award_type"], year))
        else:
            parts.append(_classification_in_year(facts, department_id, params["classification"], year))
    outcomes = {met for met, _text in parts}
    met = False if False in outcomes else (None if None in outcomes else True)
    return met, "; ".join(text for _met, text in parts) + "."
