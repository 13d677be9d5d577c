"""Factories of the decisions app: disclosures with their entries and complaints, award decisions and lines.

Plain rows, no workflow: a disclosure factory does not snapshot nominations (the services do that). Shared by
the disclosure, decision-records and history tests; append factories, do not change these ones' defaults.
"""
import datetime

import factory
from django.utils import timezone

from accounts.enums import Role
from awards.enums import NominationStatus
from decisions.enums import ComplaintKind, DisclosureStatus
from decisions.models import AwardDecision, AwardDecisionLine, Complaint, Disclosure, DisclosureEntry
from tests.factories.accounts import UserFactory
from tests.factories.awards import AwardTypeFactory, NominationFactory
from tests.factories.blocs import BlocFactory, BlocYearFactory, DepartmentFactory, ProvinceFactory


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclosure

    province = factory.SubFactory(ProvinceFactory)
    year = 2026
    title = factory.LazyAttribute(lambda o: f"Danh sách đề nghị khen thưởng năm {o.year}")
    published_on = datetime.date(2026, 11, 2)  # a Monday
    working_days = 5
    closes_on = datetime.date(2026, 11, 9)
    status = DisclosureStatus.OPEN
    published_by = factory.SubFactory(UserFactory, role=Role.BOARD,
                                      province=factory.SelfAttribute("..province"))


class DisclosureEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisclosureEntry

    disclosure = factory.SubFactory(DisclosureFactory)
    nomination = factory.LazyAttribute(lambda o: NominationFactory(
        status=NominationStatus.APPROVED,
        bloc_year=BlocYearFactory(bloc=BlocFactory(province=o.disclosure.province), year=o.disclosure.year)))
    award_type = factory.SelfAttribute("nomination.award_type")
    department = factory.SelfAttribute("nomination.department")
    recipient_name = factory.SelfAttribute("department.name")
    bloc_name = factory.SelfAttribute("nomination.bloc_year.bloc.name")
    position = factory.Sequence(int)


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    entry = factory.SubFactory(DisclosureEntryFactory)
    disclosure = factory.SelfAttribute("entry.disclosure")
    kind = ComplaintKind.COMPLAINT
    department = factory.SubFactory(DepartmentFactory, province=factory.SelfAttribute("..disclosure.province"))
    filed_by = factory.SubFactory(UserFactory, role=Role.OFFICER, department=factory.SelfAttribute("..department"))
    filed_at = factory.LazyFunction(timezone.now)
    text = "Đơn vị đề nghị xem xét lại thành tích của đơn vị được đề nghị."


class AwardDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardDecision

    province = factory.SubFactory(ProvinceFactory)
    year = 2026
    number_symbol = factory.Sequence(lambda n: f"{n + 100}/QĐ-UBND")
    decided_on = datetime.date(2027, 1, 20)
    authority = factory.LazyAttribute(lambda o: f"Ủy ban nhân dân {o.province.name}")
    signer_position = "Chủ tịch"
    signer_name = "Nguyễn Văn Thử"
    recorded_by = factory.SubFactory(UserFactory, role=Role.BOARD, province=factory.SelfAttribute("..province"))
    recorded_at = factory.LazyFunction(timezone.now)


class AwardDecisionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardDecisionLine

    decision = factory.SubFactory(AwardDecisionFactory)
    award_type = factory.SubFactory(AwardTypeFactory, province=factory.SelfAttribute("..decision.province"))
    department = factory.SubFactory(DepartmentFactory, province=factory.SelfAttribute("..decision.province"))
    recipient_name = factory.SelfAttribute("department.name")
    position = factory.Sequence(int)
