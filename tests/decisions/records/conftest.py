"""The `world` of tests/conftest.py, plus what a decision needs: award types with their cash multiples in a
rule set in force since 2020, and the province's 2026 list sent to the Council with three approved entries."""
import datetime
from decimal import Decimal

import pytest

from awards.enums import NominationStatus, Recipient
from decisions.domain.records import LineInput
from decisions.enums import DisclosureStatus
from decisions.models import BaseSalary
from decisions.reference import seed_base_salaries
from tests.factories.accounts import officer_user
from tests.factories.awards import AwardRuleFactory, AwardTypeFactory, NominationFactory, RuleSetFactory
from tests.factories.decisions import DisclosureEntryFactory, DisclosureFactory

DECIDED_ON = datetime.date(2026, 11, 20)
MULTIPLES = {"flag": Decimal("15.5"), "merit": Decimal("2.0"), "person": Decimal("0.3")}


def decision_fields(**overrides):
    return {"year": 2026, "number_symbol": "125/QĐ-UBND", "decided_on": DECIDED_ON,
            "authority": "Ủy ban nhân dân tỉnh", "signer_position": "Chủ tịch", "signer_name": "Nguyễn Văn Ký",
            "council_outcome": "Hội đồng thống nhất đề nghị khen thưởng.", **overrides}


def awarded(entries):
    return [LineInput(entry=entry, awarded=True) for entry in entries]


def install_types(province, valid_from=datetime.date(2020, 1, 1)):
    """Three award types of the province with their multiples in one rule set (open-ended)."""
    rule_set = RuleSetFactory(province=province, valid_from=valid_from)
    types = {
        "flag": AwardTypeFactory(province=province, code="co_thi_dua_tinh", name="Cờ thi đua của UBND tỉnh",
                                 position=1),
        "merit": AwardTypeFactory(province=province, code="bang_khen", name="Bằng khen của Chủ tịch UBND tỉnh",
                                  position=2),
        "person": AwardTypeFactory(province=province, code="chien_si", name="Chiến sĩ thi đua cơ sở",
                                   recipient=Recipient.INDIVIDUAL, position=3),
    }
    for key, award_type in types.items():
        AwardRuleFactory(rule_set=rule_set, award_type=award_type, cash_multiple=MULTIPLES[key])
    return types


@pytest.fixture
def decision_world(world):
    """`world` with award types, the 2026 list sent to the Council (flag: member 0, merit: members 1 and 2 of
    the own bloc) and an officer in every awarded department (members 0 and 1 get one; 2 has `officer`)."""
    seed_base_salaries(BaseSalary)  # a transactional test before this one flushed what the migration seeded
    world.types = install_types(world.province)
    world.disclosure = DisclosureFactory(province=world.province, year=2026, status=DisclosureStatus.SENT_TO_COUNCIL,
                                         published_by=world.board, published_on=datetime.date(2026, 11, 2),
                                         closes_on=datetime.date(2026, 11, 6))
    world.entries = [_entry(world, world.types[key], world.own_departments[index])
                     for key, index in (("flag", 0), ("merit", 1), ("merit", 2))]
    world.officers = [officer_user(world.own_departments[0], username="officer0"),
                      officer_user(world.own_departments[1], username="officer1"), world.officer]
    world.far_types = install_types(world.far_province)
    return world


def _entry(world, award_type, department):
    nomination = NominationFactory(bloc_year=world.own, award_type=award_type, department=department,
                                   status=NominationStatus.APPROVED)
    return DisclosureEntryFactory(disclosure=world.disclosure, nomination=nomination, award_type=award_type,
                                  department=department, recipient_name=department.name,
                                  bloc_name=world.own.bloc.name)
