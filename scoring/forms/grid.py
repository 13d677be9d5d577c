"""Input boundary of the score grid's cell endpoint: one cell's points, comment and the version it was read at.

The points stay text here ("7,5", "7.5", "" for an empty cell): the domain reads and checks them, so the
grid, the API and the Excel import refuse the same values with the same messages.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from scoring.domain import sheets

VERSION_MESSAGES = {"required": _("Thiếu phiên bản của ô."), "invalid": _("Phiên bản của ô không hợp lệ."),
                    "min_value": _("Phiên bản của ô không hợp lệ."), "max_value": _("Phiên bản của ô không hợp lệ.")}
NUL_MESSAGE = _("Không được chứa ký tự NUL.")
# Both keys must be sent: a missing "points" must not read as "empty the cell" (version is a required field).
REQUIRED_KEYS = ("points", "comment")


class CellForm(forms.Form):
    points = forms.CharField(required=False, max_length=50,
                             error_messages={"max_length": _("Điểm phải là một số (ví dụ 7,5).")})
    comment = forms.CharField(required=False, strip=False)
    version = forms.IntegerField(min_value=0, max_value=2 ** 31 - 1, error_messages=VERSION_MESSAGES)

    def __init__(self, *args, sheet, criterion, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet, self.criterion, self.user = sheet, criterion, user
        for name in ("points", "comment"):
            # Django's own NUL message is English; the domain's rules read better in Vietnamese.
            self.fields[name].validators = [v for v in self.fields[name].validators
                                            if not isinstance(v, ProhibitNullCharactersValidator)]

    def clean(self):
        missing = [key for key in REQUIRED_KEYS if key not in self.data]
        if missing:
            raise ValidationError(_("Thiếu dữ liệu gửi lên: %(keys)s.") % {"keys": ", ".join(missing)})
        for name in ("points", "comment"):
            if "\x00" in (self.cleaned_data.get(name) or ""):
                self.add_error(name, NUL_MESSAGE)
        return self.cleaned_data

    def error_text(self):
        """Every message of an invalid form on one line (the JSON `detail`)."""
        return " ".join(str(message) for errors in self.errors.values() for message in errors)

    def save(self):
        """Save the cell through the domain; ValidationError and StaleCellError reach the caller."""
        data = self.cleaned_data
        return sheets.save_score(sheet=self.sheet, criterion=self.criterion, points=data["points"],
                                 comment=data["comment"], expected_version=data["version"], user=self.user)
