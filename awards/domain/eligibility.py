"""Eligibility of a unit for an award: the province's rule set in force, and each condition met or not.

A year is judged by the rule set in force on its last day (31/12): the year-end conference and the
nominations come after it, and a 2025 year, half under Decree 98/2023 and half under Decree 152/2025, is
judged by the rules in force when it closes. `on_date` judges by the rules of another day (e.g. a decision's).

A condition answers met (True), not met (False) or unknown (None: the data it needs is not in the system,
e.g. the ranking is not finalised yet or members' results are not recorded). A verdict is eligible only when
every condition is met, ineligible as soon as one is not met, and unknown otherwise. Verdicts are written in
the official language (settings.LANGUAGE_CODE), whoever asks, because they are stored with nominations.
"""
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards.domain import conditions as checks
from awards.domain.queries import rules as queries
from awards.models import AwardRule


@dataclass(frozen=True)
class ConditionResult:
    kind: str
    description: str
    met: bool | None
    detail: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    eligible: bool | None
    rule_set: dict  # {"id", "name"}
    article: str
    award_type: dict  # {"id", "code", "name"}
    department: dict  # {"id", "name"}
    year: int
    judged_on: str  # ISO date whose rules were applied
    conditions: list  # of ConditionResult

    @property
    def rule_set_id(self):
        """For Nomination.rule_set_id: the rule set the verdict applied."""
        return self.rule_set["id"]

    @property
    def failing(self):
        return [c for c in self.conditions if c.met is False]

    @property
    def unknown(self):
        return [c for c in self.conditions if c.met is None]

    @property
    def summary(self):
        """One Vietnamese sentence: eligible, or which conditions fail (or lack data), and by which rules."""
        source = self.source
        award = self.award_type["name"]
        if self.eligible:
            return _("Đủ điều kiện xét tặng “%(award)s” (%(source)s).") % {"award": award, "source": source}
        listed = "; ".join(f"{c.description} ({c.detail.rstrip('.')})" for c in (self.failing or self.unknown))
        if self.eligible is False:
            return _("Không đủ điều kiện xét tặng “%(award)s” (%(source)s). Điều kiện chưa đạt: %(list)s.") % {
                "award": award, "source": source, "list": listed}
        return _("Chưa đủ dữ liệu để kết luận về “%(award)s” (%(source)s). Điều kiện chưa có dữ liệu: "
                 "%(list)s.") % {"award": award, "source": source, "list": listed}

    @property
    def source(self):
        if self.article:
            return _("%(article)s; bộ quy định “%(rule_set)s”") % {"article": self.article,
                                                                   "rule_set": self.rule_set["name"]}
        return _("bộ quy định “%(rule_set)s”") % {"rule_set": self.rule_set["name"]}

    def to_json(self):
        data = asdict(self)
        data["summary"] = self.summary
        return data

    @classmethod
    def from_json(cls, data):
        fields = {k: v for k, v in data.items() if k != "summary"}
        fields["conditions"] = [ConditionResult(**c) for c in data["conditions"]]
        return cls(**fields)


def rule_set_on(*, province, on_date):
    """The province's rule set in force on a day; refused clearly when there is none."""
    rule_set = queries.rule_set_in_force(province=province, on_date=on_date)
    if rule_set is None:
        raise ValidationError(
            _("Tỉnh %(province)s chưa có bộ quy định khen thưởng có hiệu lực vào ngày %(date)s; Ban Thi đua - "
              "Khen thưởng cần khai báo bộ quy định cho thời kỳ này.")
            % {"province": province.name, "date": date_format(on_date, "d/m/Y")})
    return rule_set


def rule_set_for(*, province, year):
    """The rule set that judges an emulation year: the one in force on 31/12 of that year."""
    return rule_set_on(province=province, on_date=queries.judging_date(year))


def evaluate(*, department, bloc_year, award_type, on_date=None):
    """Verdict of one member for one award type in a bloc-year (by the rules of 31/12, or of `on_date`)."""
    with translation.override(settings.LANGUAGE_CODE):
        province = bloc_year.bloc.province
        if award_type.province_id != province.pk:
            raise ValidationError(_("Hình thức khen thưởng không thuộc tỉnh của khối."))
        rule_set, judged_on = _rule_set(province, bloc_year.year, on_date)
        rule = (AwardRule.objects.filter(rule_set=rule_set, award_type=award_type)
                .select_related("award_type").prefetch_related("conditions").first())
        if rule is None:
            raise ValidationError(_("Bộ quy định “%(rule_set)s” chưa có quy định xét tặng “%(award)s”.")
                                  % {"rule_set": rule_set.name, "award": award_type.name})
        facts = queries.eligibility_facts(bloc_year=bloc_year, department_ids=[department.pk],
                                          first_year=_first_year([rule], bloc_year.year))
        if department.pk not in facts.members:
            raise ValidationError(_("“%(unit)s” không phải là đơn vị thành viên của khối năm %(year)s.")
                                  % {"unit": department.name, "year": bloc_year.year})
        names = queries.award_type_names(province=province)
        return _verdict(rule_set, judged_on, rule, department.pk, facts, names)


@dataclass
class EligibilityTable:
    """Every member × every award type of the rule set in force (the eligibility page)."""

    rule_set: object
    judged_on: object
    award_types: list
    rows: list  # [(department id, name that year, [Verdict per award type])]


def evaluate_bloc_year(*, bloc_year, on_date=None):
    """Verdicts of every member for every award type that the rule set governs, in constant queries."""
    with translation.override(settings.LANGUAGE_CODE):
        province = bloc_year.bloc.province
        rule_set, judged_on = _rule_set(province, bloc_year.year, on_date)
        rules = queries.rules_of(rule_set)
        facts = queries.eligibility_facts(bloc_year=bloc_year, first_year=_first_year(rules, bloc_year.year))
        names = queries.award_type_names(province=province)
        rows = [(pk, name, [_verdict(rule_set, judged_on, rule, pk, facts, names) for rule in rules])
                for pk, name in sorted(facts.members.items(), key=lambda item: item[1])]
        return EligibilityTable(rule_set=rule_set, judged_on=judged_on,
                                award_types=[rule.award_type for rule in rules], rows=rows)


def _rule_set(province, year, on_date):
    judged_on = on_date or queries.judging_date(year)
    return rule_set_on(province=province, on_date=judged_on), judged_on


def _first_year(rules, year):
    """The earliest year any condition reads (multi-year chains reach back)."""
    return min([year] + [checks.first_year(c.kind, c.params, year) for rule in rules for c in rule.conditions.all()])


def _verdict(rule_set, judged_on, rule, department_id, facts, names):
    results = [_check(condition, department_id, facts, names) for condition in rule.conditions.all()]
    outcomes = {r.met for r in results}
    eligible = False if False in outcomes else (None if None in outcomes else True)
    return Verdict(
        eligible=eligible, rule_set={"id": rule_set.pk, "name": rule_set.name}, article=rule.article,
        award_type={"id": rule.award_type.pk, "code": rule.award_type.code, "name": rule.award_type.name},
        department={"id": department_id, "name": facts.members.get(department_id, "")}, year=facts.year,
        judged_on=judged_on.isoformat(), conditions=results)


def _check(condition, department_id, facts, names):
    met, detail = checks.run(condition.kind, condition.params, department_id=department_id, facts=facts,
                             names=names)
    description = condition.description or checks.describe(condition.kind, condition.params, year=facts.year,
                                                           names=names)
    return ConditionResult(kind=condition.kind, description=description, met=met, detail=detail,
                           params=dict(condition.params))
