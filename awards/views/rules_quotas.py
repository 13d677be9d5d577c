"""Pages of the award catalogue (award types, rule sets, award rules, conditions), eligibility and quotas.

Each page reads through a selector (out of reach → 404) and asks django-rules (visible but not allowed → 403):
awards.view_rules / awards.manage_rules on the province's rows, awards.view_eligibility, awards.view_quota and
awards.set_quota on the bloc-year.
"""
import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from awards.defaults import report_message
from awards.domain import eligibility, quotas
from awards.domain import rules as services
from awards.domain.conditions import describe
from awards.domain.queries import rules as queries
from awards.forms import rules as forms
from blocs.domain.queries import bloc_years_visible_to, provinces_visible_to
from blocs.enums import Phase
from blocs.views.bloc_years import ConfirmDeleteView
from emulation.views_base import DomainFormView, ScopedObjectMixin

MANAGE = "awards.manage_rules"


class CatalogueView(TemplateView):
    """Award types and rule sets of the provinces the user belongs to (every province for a superuser)."""

    template_name = "awards/rules/catalogue.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        provinces = list(queries.catalogue_of(provinces_visible_to(user)))
        for province in provinces:
            province.can_manage = user.has_perm(MANAGE, province)
        kwargs["provinces"] = provinces
        return super().get_context_data(**kwargs)


# --------------------------------------------------------------------------------- province-level forms

class ProvinceFormView(DomainFormView):
    scope = staticmethod(provinces_visible_to)
    permission_required = MANAGE

    def get_form_object_kwargs(self):
        return {"province": self.object}

    def get_success_url(self, result=None):
        return reverse("awards:rules")


class AwardTypeCreateView(ProvinceFormView):
    form_class = forms.AwardTypeForm
    page_title = _("Thêm hình thức khen thưởng")
    success_message = _("Đã thêm hình thức khen thưởng.")


class RuleSetCreateView(ProvinceFormView):
    form_class = forms.RuleSetForm
    page_title = _("Thêm bộ quy định khen thưởng")
    success_message = _("Đã thêm bộ quy định.")

    def get_success_url(self, result=None):
        return reverse("awards:rule_set_detail", args=[result.pk]) if result else reverse("awards:rules")


class InstallDefaultsView(ProvinceFormView):
    form_class = forms.InstallDefaultsForm
    template_name = "awards/rules/install_defaults.html"
    page_title = _("Cài đặt danh mục và bộ quy định mặc định")

    def form_valid(self, form):
        report = form.save()
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, report_message(report))
        return redirect(self.get_success_url())


class AwardTypeEditView(DomainFormView):
    scope = staticmethod(queries.award_types_visible_to)
    permission_required = MANAGE
    form_class = forms.AwardTypeForm
    page_title = _("Sửa hình thức khen thưởng")
    success_message = _("Đã lưu hình thức khen thưởng.")

    def get_form_object_kwargs(self):
        return {"province": self.object.province, "award_type": self.object}

    def get_success_url(self, result=None):
        return reverse("awards:rules")


# ------------------------------------------------------------------------------------------- rule sets

class RuleSetDetailView(ScopedObjectMixin, DetailView):
    permission_required = "awards.view_rules"
    template_name = "awards/rules/rule_set_detail.html"
    context_object_name = "rule_set"
    scope = staticmethod(queries.rule_set_detail_queryset)

    def get_context_data(self, **kwargs):
        rule_set = self.object
        names = queries.award_type_names(province=rule_set.province)
        rules = list(rule_set.rules.all())
        for rule in rules:
            rule.cash_text = number_format(_plain(rule.cash_multiple))
            rule.condition_rows = [(c, c.description or describe(c.kind, c.params, names=names))
                                   for c in rule.conditions.all()]
        kwargs.update(rules=rules, can_manage=self.request.user.has_perm(MANAGE, rule_set))
        return super().get_context_data(**kwargs)


def _plain(number):
    """24.50 → 24.5, 2.00 → 2 (never an exponent)."""
    normal = number.normalize()
    return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal


class RuleSetFormView(DomainFormView):
    """A form about one rule set (its own fields, or a rule added to it)."""

    scope = staticmethod(queries.rule_sets_visible_to)
    permission_required = MANAGE

    def get_success_url(self, result=None):
        return reverse("awards:rule_set_detail", args=[self.object.pk])


class RuleSetEditView(RuleSetFormView):
    form_class = forms.RuleSetForm
    page_title = _("Sửa bộ quy định khen thưởng")
    success_message = _("Đã lưu bộ quy định.")

    def get_form_object_kwargs(self):
        return {"province": self.object.province, "rule_set": self.object}


class RuleSetDeleteView(ConfirmDeleteView):
    scope = staticmethod(queries.rule_sets_visible_to)
    permission_required = MANAGE
    success_message = _("Đã xóa bộ quy định.")

    def perform(self):
        services.delete_rule_set(rule_set=self.object, user=self.request.user)

    def get_success_url(self):
        return reverse("awards:rules")


class AwardRuleCreateView(RuleSetFormView):
    form_class = forms.AwardRuleForm
    page_title = _("Thêm quy định xét tặng")
    success_message = _("Đã thêm quy định xét tặng.")

    def get_form_object_kwargs(self):
        return {"rule_set": self.object}


class AwardRuleMixin:
    """Views about one award rule or one of its conditions: permissions are asked of the rule set."""

    permission_required = MANAGE

    def rule_set(self):
        return self.object.rule_set if hasattr(self.object, "rule_set") else self.object.rule.rule_set

    def get_permission_object(self):
        super().get_permission_object()
        return self.rule_set()

    def get_success_url(self, result=None):
        return reverse("awards:rule_set_detail", args=[self.rule_set().pk])

    def get_context_data(self, **kwargs):
        rule = self.object if hasattr(self.object, "rule_set") else self.object.rule
        kwargs["award_name"] = rule.award_type.name
        return super().get_context_data(**kwargs)


class AwardRuleEditView(AwardRuleMixin, DomainFormView):
    scope = staticmethod(queries.award_rules_visible_to)
    form_class = forms.AwardRuleForm
    page_title = _("Sửa quy định xét tặng")
    success_message = _("Đã lưu quy định xét tặng.")

    def get_form_object_kwargs(self):
        return {"rule_set": self.object.rule_set, "rule": self.object}


class AwardRuleDeleteView(AwardRuleMixin, ConfirmDeleteView):
    scope = staticmethod(queries.award_rules_visible_to)
    template_name = "awards/rules/confirm_delete.html"
    success_message = _("Đã xóa quy định xét tặng.")

    def perform(self):
        services.delete_award_rule(rule=self.object, user=self.request.user)

    def get_context_data(self, **kwargs):
        kwargs["label"] = _("quy định xét tặng “%(award)s”") % {"award": self.object.award_type.name}
        return super().get_context_data(**kwargs)


class ConditionCreateView(AwardRuleMixin, DomainFormView):
    scope = staticmethod(queries.award_rules_visible_to)
    form_class = forms.ConditionForm
    template_name = "awards/rules/condition_form.html"
    page_title = _("Thêm điều kiện xét tặng")
    success_message = _("Đã thêm điều kiện.")

    def get_form_object_kwargs(self):
        return {"rule": self.object}


class ConditionEditView(AwardRuleMixin, DomainFormView):
    scope = staticmethod(queries.conditions_visible_to)
    form_class = forms.ConditionForm
    template_name = "awards/rules/condition_form.html"
    page_title = _("Sửa điều kiện xét tặng")
    success_message = _("Đã lưu điều kiện.")

    def get_form_object_kwargs(self):
        return {"rule": self.object.rule, "condition": self.object}


class ConditionDeleteView(AwardRuleMixin, ConfirmDeleteView):
    scope = staticmethod(queries.conditions_visible_to)
    template_name = "awards/rules/confirm_delete.html"
    success_message = _("Đã xóa điều kiện.")

    def perform(self):
        services.delete_condition(condition=self.object, user=self.request.user)

    def get_context_data(self, **kwargs):
        names = queries.award_type_names(province=self.object.rule.rule_set.province)
        kwargs["label"] = self.object.description or describe(self.object.kind, self.object.params, names=names)
        return super().get_context_data(**kwargs)


# ------------------------------------------------------------------------------------ eligibility, quotas

class BlocYearPage(ScopedObjectMixin, DetailView):
    scope = staticmethod(bloc_years_visible_to)
    context_object_name = "bloc_year"


class EligibilityView(BlocYearPage):
    """Every member × every award type of the rule set in force: the verdict and each condition."""

    permission_required = "awards.view_eligibility"
    template_name = "awards/rules/eligibility.html"

    def get_context_data(self, **kwargs):
        on_date, kwargs["date_error"] = _date_param(self.request.GET.get("on", ""))
        try:
            kwargs["table"] = eligibility.evaluate_bloc_year(bloc_year=self.object, on_date=on_date)
        except ValidationError as exc:
            kwargs["no_rules"] = " ".join(exc.messages)
        kwargs["on"] = on_date
        return super().get_context_data(**kwargs)


def _date_param(raw):
    if not raw:
        return None, ""
    try:
        return datetime.date.fromisoformat(raw[:10]), ""
    except ValueError:
        return None, _("Ngày xét không hợp lệ; hãy dùng dạng YYYY-MM-DD. Đang xét theo quy định ngày 31/12.")


class QuotaListView(BlocYearPage):
    permission_required = "awards.view_quota"
    template_name = "awards/rules/quotas.html"

    def get_context_data(self, **kwargs):
        kwargs.update(usage=quotas.quota_usage(bloc_year=self.object),
                      can_set=(self.object.phase != Phase.CLOSED
                               and self.request.user.has_perm("awards.set_quota", self.object)))
        return super().get_context_data(**kwargs)


class QuotaSetView(DomainFormView):
    scope = staticmethod(bloc_years_visible_to)
    permission_required = "awards.set_quota"
    form_class = forms.QuotaForm
    page_title = _("Đặt chỉ tiêu khen thưởng")
    success_message = _("Đã lưu chỉ tiêu.")

    def award_type(self):
        if not hasattr(self, "_award_type"):
            self._award_type = get_object_or_404(queries.award_types_visible_to(self.request.user).filter(
                province_id=self.object.bloc.province_id), pk=self.kwargs["award_type_pk"])
        return self._award_type

    def get_form_object_kwargs(self):
        return {"bloc_year": self.object, "award_type": self.award_type()}

    def get_initial(self):
        quota = self.award_type().quotas.filter(bloc_year=self.object).first()
        return {"places": quota.places if quota else None, "version": quota.version if quota else 0}

    def get_context_data(self, **kwargs):
        kwargs["page_title"] = _("Chỉ tiêu “%(award)s” – %(bloc)s năm %(year)s") % {
            "award": self.award_type().name, "bloc": self.object.bloc.name, "year": self.object.year}
        return super().get_context_data(**kwargs)

    def get_success_url(self, result=None):
        return reverse("awards:quotas", args=[self.object.pk])


urlpatterns = [
    path("rules/", CatalogueView.as_view(), name="rules"),
    path("provinces/<int:pk>/award-types/add/", AwardTypeCreateView.as_view(), name="award_type_create"),
    path("provinces/<int:pk>/rule-sets/add/", RuleSetCreateView.as_view(), name="rule_set_create"),
    path("provinces/<int:pk>/defaults/", InstallDefaultsView.as_view(), name="install_defaults"),
    path("award-types/<int:pk>/edit/", AwardTypeEditView.as_view(), name="award_type_edit"),
    path("rule-sets/<int:pk>/", RuleSetDetailView.as_view(), name="rule_set_detail"),
    path("rule-sets/<int:pk>/edit/", RuleSetEditView.as_view(), name="rule_set_edit"),
    path("rule-sets/<int:pk>/delete/", RuleSetDeleteView.as_view(), name="rule_set_delete"),
    path("rule-sets/<int:pk>/rules/add/", AwardRuleCreateView.as_view(), name="award_rule_create"),
    path("award-rules/<int:pk>/edit/", AwardRuleEditView.as_view(), name="award_rule_edit"),
    path("award-rules/<int:pk>/delete/", AwardRuleDeleteView.as_view(), name="award_rule_delete"),
    path("award-rules/<int:pk>/conditions/add/", ConditionCreateView.as_view(), name="condition_create"),
    path("conditions/<int:pk>/edit/", ConditionEditView.as_view(), name="condition_edit"),
    path("conditions/<int:pk>/delete/", ConditionDeleteView.as_view(), name="condition_delete"),
    path("bloc-years/<int:pk>/eligibility/", EligibilityView.as_view(), name="eligibility"),
    path("bloc-years/<int:pk>/quotas/", QuotaListView.as_view(), name="quotas"),
    path("bloc-years/<int:pk>/quotas/<int:award_type_pk>/", QuotaSetView.as_view(), name="quota_set"),
]
