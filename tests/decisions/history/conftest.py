"""Fixtures of the award-history tests: a province with four award types, units with fixed names (one renamed
after 2019), and helpers that build an Excel file in the template's layout."""
import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from awards.domain.history import import_award_history
from awards.enums import AwardSource, Recipient
from awards.importers import read_history_file
from awards.models import Award
from blocs.domain.services import record_succession
from blocs.enums import SuccessionKind
from tests.factories.awards import AwardTypeFactory
from tests.factories.blocs import BlocYearFactory, DepartmentFactory, MembershipFactory

HEADER = ["Năm", "Đơn vị", "Hình thức khen thưởng", "Họ tên cá nhân (để trống: tập thể đơn vị)",
          "Số, ký hiệu quyết định", "Ngày quyết định"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TODAY = datetime.date(2026, 3, 1)


def xlsx(rows, *, header=HEADER, before=(), name="lich-su.xlsx"):
    """An uploaded .xlsx: the `before` rows (titles), the header, then `rows`."""
    book = Workbook()
    sheet = book.active
    for row in (*before, header, *rows):
        sheet.append(list(row))
    output = BytesIO()
    book.save(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type=XLSX)


def run_import(w, upload, today=TODAY):
    """Import `upload` into world's province as its Board (what the page and the API do)."""
    rows, digest = read_history_file(upload)
    return import_award_history(province=w.province, rows=rows, user=w.board, file_name=upload.name,
                                file_hash=digest, today=today)


def live_award(department, award_type, year, **fields):
    return Award.objects.create(department=department, award_type=award_type, year=year,
                                source=fields.pop("source", AwardSource.IMPORTED), **fields)


@pytest.fixture
def history(world):
    """world, plus: award types `types` by code; units `finance` (Sở Tài chính, short name STC), `culture_old`
    (Sở Văn hóa, renamed on 01/01/2020 to `culture` Sở Văn hóa và Thể thao), both members of world.own's bloc
    in 2019 (the old name) and 2020."""
    w = world
    p = w.province
    w.types = {code: AwardTypeFactory(province=p, code=code, name=name, position=position, recipient=recipient)
               for position, (code, name, recipient) in enumerate([
                   ("co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh", Recipient.COLLECTIVE),
                   ("bang_khen_chu_tich_tinh", "Bằng khen của Chủ tịch UBND tỉnh", Recipient.COLLECTIVE),
                   ("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc", Recipient.COLLECTIVE),
                   ("chien_si_thi_dua_tinh", "Chiến sĩ thi đua cấp tỉnh", Recipient.INDIVIDUAL)], start=1)}
    w.finance = DepartmentFactory(province=p, name="Sở Tài chính", short_name="STC")
    w.culture_old = DepartmentFactory(province=p, name="Sở Văn hóa", short_name="SVH")
    w.culture = DepartmentFactory(province=p, name="Sở Văn hóa và Thể thao", short_name="SVHTT")
    w.by = {}
    for year, culture in ((2019, w.culture_old), (2020, w.culture)):
        w.by[year] = BlocYearFactory(bloc=w.own.bloc, year=year)
        MembershipFactory(bloc_year=w.by[year], department=w.finance)
        MembershipFactory(bloc_year=w.by[year], department=culture)
    record_succession(department=w.culture_old, successor=w.culture, kind=SuccessionKind.RENAMED,
                      effective_on=datetime.date(2020, 1, 1), user=w.board)
    return w
