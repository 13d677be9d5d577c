import datetime

import factory

from awards.models import AwardRule, AwardType, Nomination, Quota, RuleSet
from tests.factories.blocs import BlocYearFactory, DepartmentFactory, ProvinceFactory


class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardType

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"danh-hieu-{n}")
    name = factory.Sequence(lambda n: f"Danh hiệu {n}")


class RuleSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleSet

    province = factory.SubFactory(ProvinceFactory)
    name = "Quy định khen thưởng"
    valid_from = datetime.date(2024, 1, 1)


class AwardRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardRule

    rule_set = factory.SubFactory(RuleSetFactory)
    award_type = factory.SubFactory(AwardTypeFactory, province=factory.SelfAttribute("..rule_set.province"))


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quota

    bloc_year = factory.SubFactory(BlocYearFactory)
    award_type = factory.SubFactory(AwardTypeFactory, province=factory.SelfAttribute("..bloc_year.bloc.province"))
    places = 1


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    bloc_year = factory.SubFactory(BlocYearFactory)
    award_type = factory.SubFactory(AwardTypeFactory, province=factory.SelfAttribute("..bloc_year.bloc.province"))
    department = factory.SubFactory(DepartmentFactory, province=factory.SelfAttribute("..bloc_year.bloc.province"))
