"""Builder of the emulation pledge (giao ước thi đua): its theme and contents, the criteria of the scale,
each member's registered targets, and a signature line for each member's leader."""
from django.utils.translation import gettext as _

from reports.domain.contexts import builder, signer
from reports.domain.documents import bloc_document, bloc_part, bloc_recipients
from reports.domain.queries import documents as queries
from reports.enums import ReportKind, SignatureSlot
from scoring.domain.queries.pledges import pledge_of
from scoring.models import TargetRegistration


@builder(ReportKind.PLEDGE)
def pledge(bloc_year):
    names = queries.names_at_time(bloc_year)
    found = pledge_of(bloc_year)
    targets = dict(TargetRegistration.objects.filter(pledge=found).values_list("department_id", "targets")
                   ) if found else {}
    members = sorted(names.items(), key=lambda item: (item[0] != bloc_year.leader_id,
                                                       item[0] != bloc_year.deputy_id, item[1]))
    title = _("GIAO ƯỚC THI ĐUA NĂM %(year)s") % {"year": bloc_year.year}
    return {
        "document": bloc_document(bloc_year, kind=ReportKind.PLEDGE, title=title, names=names, symbol="GƯTĐ",
                                  signers=_member_signers(bloc_year, members),
                                  default_recipients=bloc_recipients()),
        "bloc": bloc_part(bloc_year, names),
        "pledge": _pledge_part(found, bloc_year),
        "scale": queries.scale_snapshot(bloc_year=bloc_year),
        "members": [{"department_id": department_id, "name": name, "targets": targets.get(department_id, ""),
                     "role": _role(bloc_year, department_id)} for department_id, name in members],
    }


def _pledge_part(found, bloc_year):
    if found is None:
        return {"theme": bloc_year.theme, "contents": [], "status": "", "conference": None}
    conference = found.conference
    return {"theme": found.theme or bloc_year.theme,
            "contents": [line.strip() for line in found.contents.splitlines() if line.strip()],
            "status": str(found.get_status_display()),
            "conference": ({"place": conference.place, "date": conference.date.isoformat() if conference.date else None}
                           if conference else None)}


def _role(bloc_year, department_id):
    if department_id == bloc_year.leader_id:
        return _("Khối trưởng")
    return _("Khối phó") if department_id == bloc_year.deputy_id else ""


def _member_signers(bloc_year, members):
    """One signature line per member, leader and deputy first (the usual order of a pledge's signatures)."""
    accounts = queries.leader_accounts(department_id for department_id, _name in members)
    return [signer(slot=SignatureSlot.MEMBER, position=_("THỦ TRƯỞNG ĐƠN VỊ"), department=name,
                   department_id=department_id, account=accounts.get(department_id))
            for department_id, name in members]
