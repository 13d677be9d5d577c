"""What each document shows, as a JSON snapshot built from the selectors of the other apps.

Every builder returns plain JSON (strings, numbers, lists, dicts): the snapshot is hashed to decide whether
a stored file can be reused, and the worker renders from the snapshot alone. Each snapshot has a
`document` part (the Decree 30 frame: issuing body, number and symbol, place and date, title, recipients,
signature block) and the kind's own parts.
"""
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from blocs.models import BlocYear, Province
from reports.enums import BALLOT_ROUND_KINDS, BLOC_YEAR_KINDS, DECISION_KINDS, PROVINCE_KINDS, ReportKind
from reports.models import ReportText
from voting.models import BallotRound

BUILDERS = {}


def builder(kind):
    def register(function):
        BUILDERS[kind] = function
        return function
    return register


def subject_fields(*, kind, subject):
    """The Report columns that say what the document is about."""
    if kind in BLOC_YEAR_KINDS:
        _expect(subject, BlocYear)
        return {"bloc_year": subject, "province": subject.bloc.province, "year": subject.year}
    if kind in BALLOT_ROUND_KINDS:
        _expect(subject, BallotRound)
        bloc_year = subject.bloc_year
        return {"ballot_round": subject, "bloc_year": bloc_year, "province": bloc_year.bloc.province,
                "year": bloc_year.year}
    if kind in DECISION_KINDS:
        return {"decision": subject, "province": subject.province, "year": subject.year}
    if kind in PROVINCE_KINDS:
        province, year = subject
        _expect(province, Province)
        return {"province": province, "year": int(year)}
    raise ValidationError(_("Loại văn bản không hợp lệ."))


def _expect(subject, model):
    if not isinstance(subject, model):
        raise ValidationError(_("Văn bản này không lập cho đối tượng đã chọn."))


def build_context(*, kind, subject):
    """The snapshot, in Vietnamese whatever language the requester reads: labels are copied into it."""
    if kind not in BUILDERS:
        raise ValidationError(_("Chưa hỗ trợ tạo loại văn bản này."))
    with translation.override("vi"):
        return BUILDERS[kind](subject)


def text_of(*, kind, province, year, bloc_year=None):
    """The secretariat's text for the document, or None."""
    return ReportText.objects.filter(kind=kind, province=province, year=year, bloc_year=bloc_year).first()


def bloc_issuer(bloc_year, names=None):
    """Who issues a bloc's documents: the bloc, through its leader department (named as it was that year)."""
    bloc, leader = bloc_year.bloc, bloc_year.leader
    name = (names or {}).get(bloc_year.leader_id) or (leader.name if leader else bloc.name)
    return {"superior": (bloc.name or "").upper(), "name": name.upper()}


def _is_city(province):
    return province.name.startswith("Thành phố")


def board_name(province):
    """The Board's name: its own, or "Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi"."""
    if province.board_name:
        return province.board_name
    if _is_city(province):
        return _("Ban Thi đua - Khen thưởng thành phố %(place)s") % {"place": _place_of(province)}
    return _("Ban Thi đua - Khen thưởng tỉnh %(place)s") % {"place": _place_of(province)}


def board_issuer(province):
    """The Board issues the province's documents, under the provincial People's Committee."""
    unit = _("UBND THÀNH PHỐ %(place)s") if _is_city(province) else _("UBND TỈNH %(place)s")
    return {"superior": unit % {"place": _place_of(province).upper()},
            "name": (province.board_name or _("Ban Thi đua - Khen thưởng")).upper()}


def signer(*, slot, position, department="", department_id=None, account=None):
    """One signature block: `position` (KHỐI TRƯỞNG…), the unit, and the name of its leader's account."""
    account = account or {}
    return {"slot": str(slot), "position": str(position), "department": department, "department_id": department_id,
            "title": account.get("title", ""), "name": account.get("name", "")}


def paragraphs(text):
    """A section as its paragraphs: a line break starts a new paragraph, blank lines are dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def document_part(*, kind, title, issuer, province, year, bloc_year=None, signers=(), symbol="BC",
                  default_date=None, default_recipients=()):
    """The Decree 30 frame. `signers`: see `signer()`, in signing order. `default_date` and
    `default_recipients`: shown while the secretariat has not set its own (e.g. the day the votes were
    counted)."""
    text = text_of(kind=kind, province=province, year=year, bloc_year=bloc_year)
    issued_on = text.issued_on if text and text.issued_on else default_date
    sections = dict(text.sections) if text else {}
    return {
        "kind": kind,
        "kind_label": str(ReportKind(kind).label),
        "title": title,
        "issuer": issuer,
        "number_symbol": (text.number_symbol if text and text.number_symbol else f"     /{symbol}"),
        "place": (text.place if text and text.place else _place_of(province)),
        "issued_on": issued_on.isoformat() if issued_on else None,
        "sections": sections,
        "paragraphs": {key: paragraphs(value) for key, value in sections.items()},
        "recipients": paragraphs(text.recipients if text else "") or [str(r) for r in default_recipients],
        "signers": list(signers),
        "text_version": text.version if text else 0,
    }


def _place_of(province):
    return province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")


def member_rows(bloc_year):
    rows = bloc_year.memberships.select_related("department").order_by("name_at_time")
    return [{"department_id": m.department_id, "name": m.name_at_time} for m in rows]


def today_iso():
    return timezone.localdate().isoformat()
