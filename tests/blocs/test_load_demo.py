import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import override_settings

from accounts.enums import Role
from accounts.models import User
from audit.domain.services import verify_chain
from audit.models import AuditEvent
from blocs.domain.demo import department_kind, province_code
from blocs.enums import ConferenceKind, DepartmentKind, Phase
from blocs.models import Bloc, BlocYear, Conference, Department, Membership, Province
from tests.scoring.demo.loading import demo  # noqa: F401 — the module-scoped load, a fixture

pytestmark = pytest.mark.integration

MODELS = (Province, Department, Bloc, BlocYear, Membership, Conference, User, AuditEvent)


def _load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _bloc_year(code, year):
    return BlocYear.objects.select_related("leader", "deputy").get(bloc__province__code=code, year=year)


@pytest.fixture
def loaded(demo, db):  # noqa: F811
    """The demo, loaded once for this module (scoring makes a load take seconds) and rolled back after it."""
    return demo


def test_load_demo_refuses_without_debug(db):
    before = _counts()  # runs before the module's load: nothing is there
    with override_settings(DEBUG=False), pytest.raises(CommandError) as error:
        _load()
    assert "DEBUG đang tắt" in str(error.value)
    assert _counts() == before == dict.fromkeys(before, 0)


def test_load_demo_twice_gives_the_same_rows(loaded):
    first = _counts()
    _load("--force")
    assert _counts() == first
    assert {k: v for k, v in first.items() if k != "AuditEvent"} == {
        "Province": 5, "Department": 37, "Bloc": 5, "BlocYear": 8, "Membership": 57, "Conference": 6,
        "User": 41,
    }


def test_load_demo_creates_provinces_with_slug_codes(loaded):
    assert sorted(Province.objects.values_list("code", "name")) == [
        ("bac-kan", "Bắc Kạn"), ("ha-nam", "Hà Nam"), ("nam-dinh", "Nam Định"),
        ("quang-nam", "Quảng Nam"), ("quang-ngai", "Quảng Ngãi")]


def test_load_demo_quang_ngai_2017_has_eleven_members_and_is_closed(loaded):
    bloc_year = _bloc_year("quang-ngai", 2017)
    assert bloc_year.memberships.count() == 11
    assert bloc_year.phase == Phase.CLOSED
    assert bloc_year.bloc.source == "003_f41b9d7f9edb38b5.txt"


def test_load_demo_quang_nam_2017_carries_members_over_with_new_leadership(loaded):
    bloc_year = _bloc_year("quang-nam", 2017)
    assert (bloc_year.leader.name, bloc_year.deputy.name) == ("Sở Tài nguyên và Môi trường", "Sở Công Thương")
    assert bloc_year.phase == Phase.PLEDGE
    assert sorted(bloc_year.memberships.values_list("name_at_time", flat=True)) == sorted(
        _bloc_year("quang-nam", 2016).memberships.values_list("name_at_time", flat=True))
    assert bloc_year.memberships.count() == 6


def test_load_demo_pledge_signed_becomes_a_pledge_signing_conference(loaded):
    conference = Conference.objects.get(bloc_year=_bloc_year("quang-nam", 2017))
    assert (conference.kind, conference.date, conference.host.name) == (
        ConferenceKind.PLEDGE_SIGNING, datetime.date(2017, 2, 24), "Sở Thông tin và Truyền thông")


def test_load_demo_ha_nam_2013_mid_year_conference(loaded):
    conference = Conference.objects.get(bloc_year=_bloc_year("ha-nam", 2013))
    assert (conference.kind, conference.date, conference.host.name) == (
        ConferenceKind.MID_YEAR, datetime.date(2013, 7, 17), "Sở Tài nguyên và Môi trường")


def test_load_demo_phases_latest_year_pledge_earlier_closed(loaded):
    phases = {(by.bloc.province.code, by.year): by.phase
              for by in BlocYear.objects.select_related("bloc__province")}
    assert phases == {
        ("quang-nam", 2016): Phase.CLOSED, ("quang-nam", 2017): Phase.PLEDGE,
        ("ha-nam", 2013): Phase.PLEDGE,
        ("nam-dinh", 2022): Phase.CLOSED, ("nam-dinh", 2023): Phase.PLEDGE,
        ("quang-ngai", 2017): Phase.CLOSED, ("quang-ngai", 2018): Phase.PLEDGE,
        ("bac-kan", 2018): Phase.PLEDGE,
    }


def test_load_demo_keeps_the_theme(loaded):
    assert _bloc_year("nam-dinh", 2022).theme.startswith("Đoàn kết, sáng tạo, kỷ cương")


def test_load_demo_flags_illustrative_departments(loaded):
    assert sorted(Department.objects.filter(is_illustrative=True).values_list("province__code", "name")) == [
        ("quang-nam", "Sở Khoa học và Công nghệ"), ("quang-nam", "Sở Xây dựng")]


def test_load_demo_department_in_at_most_one_bloc_per_year(loaded):
    shared = Membership.objects.values("department", "year").annotate(n=Count("id")).filter(n__gt=1)
    assert list(shared) == []


def test_load_demo_guesses_department_kinds(loaded):
    kinds = dict(Department.objects.filter(province__code="quang-ngai").values_list("name", "kind"))
    assert (kinds["Văn phòng HĐND tỉnh"], kinds["Cục Thuế"], kinds["Kho bạc Nhà nước tỉnh"],
            kinds["Ngân hàng Nhà nước tỉnh"], kinds["Ban Dân tộc tỉnh"], kinds["Sở Tài chính"]) == (
        DepartmentKind.VAN_PHONG, DepartmentKind.CUC, DepartmentKind.KHO_BAC, DepartmentKind.NGAN_HANG,
        DepartmentKind.BAN, DepartmentKind.SO)


def test_load_demo_writes_audit_trail_as_system_action(loaded):
    events = AuditEvent.objects.all()
    # The loader itself acts as the system; the people in the demo's workflow (signatures, votes, the
    # election that creates Quảng Ngãi 2018, nominations) are checked in tests/scoring/demo.
    assert events.filter(actor__isnull=False, object_type__in=[
        "blocs.province", "blocs.department", "blocs.bloc", "blocs.conference", "accounts.user"]).count() == 0
    assert set(events.filter(actor__isnull=False).values_list("actor__role", flat=True)) == {
        "leader", "secretariat", "board", "officer"}  # an officer comments on the disclosed list (decisions/demo.py)
    assert events.filter(event_type="membership.added").count() == 57
    # 26 demo accounts and 15 leader accounts that sign the pledges of the scored past years.
    assert events.filter(event_type="user.created").count() == 41
    assert verify_chain() == []


def test_load_demo_runs_with_debug_without_force(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the demo's evidence files
    with override_settings(DEBUG=True):
        _load()
    assert Province.objects.count() == 5


def test_load_demo_accounts_of_a_province(loaded):
    users = {u.username: u for u in User.objects.select_related("department", "bloc", "province")
             .filter(username__endswith=".quangnam")}
    leader_dept = _bloc_year("quang-nam", 2017).leader
    assert {name: (u.role, u.department, u.province) for name, u in users.items()} == {
        "ban.quangnam": (Role.BOARD, None, Province.objects.get(code="quang-nam")),
        "thuky.quangnam": (Role.SECRETARIAT, leader_dept, None),
        "lanhdao.quangnam": (Role.LEADER, leader_dept, None),
        "canbo.quangnam": (Role.OFFICER, leader_dept, None),
        "canbo2.quangnam": (Role.OFFICER, Department.objects.get(
            province__code="quang-nam", name="Sở Thông tin và Truyền thông"), None),
    }
    assert users["thuky.quangnam"].bloc.name == "Khối thi đua Kinh tế ngành"
    assert users["lanhdao.quangnam"].position == "Giám đốc"
    assert users["thuky.quangnam"].get_full_name() == "Thư ký khối Quảng Nam"


def test_load_demo_second_officer_is_a_plain_member_of_the_latest_year(loaded):
    for user in User.objects.filter(username__startswith="canbo2."):
        bloc_year = BlocYear.objects.filter(bloc__province=user.department.province).order_by("-year").first()
        assert bloc_year.memberships.filter(department=user.department).exists()
        assert user.department_id not in (bloc_year.leader_id, bloc_year.deputy_id)


def test_load_demo_accounts_log_in_with_demo_password(loaded):
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    assert all(u.check_password(settings.DEMO_PASSWORD) for u in User.objects.all())


def test_load_demo_keeps_a_changed_password(loaded):
    user = User.objects.get(username="canbo.hanam")
    user.set_password("mat-khau-moi-2026")
    user.save()
    _load("--force")
    user.refresh_from_db()
    assert user.check_password("mat-khau-moi-2026")


def test_load_demo_prints_accounts_and_password(loaded):
    lines = loaded.splitlines()
    assert any(line.split()[0] == "thuky.quangngai" and "Ban Dân tộc tỉnh" in line for line in lines if line)
    assert lines[-1] == f"Mật khẩu của mọi tài khoản mẫu: {settings.DEMO_PASSWORD}"
    prefixes = ("admin ", "ban.", "thuky.", "lanhdao.", "canbo")
    assert sum(1 for line in lines if line.startswith(prefixes)) == 26


@pytest.mark.unit
@pytest.mark.parametrize("name, code", [("Nam Định", "nam-dinh"), ("Quảng Ngãi", "quang-ngai"),
                                        ("Bắc Kạn", "bac-kan")])
def test_province_code_transliterates_vietnamese(name, code):
    assert province_code(name) == code


@pytest.mark.unit
@pytest.mark.parametrize("name, kind", [
    ("Kho bạc Nhà nước tỉnh", DepartmentKind.KHO_BAC), ("Quỹ Phát triển đất", DepartmentKind.OTHER),
    ("Văn phòng UBND tỉnh", DepartmentKind.VAN_PHONG), ("Bảo hiểm xã hội tỉnh", DepartmentKind.OTHER),
])
def test_department_kind_from_name_prefix(name, kind):
    assert department_kind(name) == kind
