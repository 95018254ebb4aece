import secrets

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.regions import RegionChoiceField

from .choices import Audience, Grade, LectureLanguage
from .models.records import MAX_STUDENTS_PER_CLASS, REPORT_TOKEN_LENGTH

MARKS = [(str(mark), str(mark)) for mark in range(1, 6)]


def _with_empty(choices, label):
    return [("", label), *choices]


class SessionFilterForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Audience"), choices=_with_empty(Audience.choices, _("All audiences")), required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the lecture"),
        choices=_with_empty(LectureLanguage.choices, _("All languages")),
        required=False,
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Session code"),
        max_length=12,
        help_text=_("6 letters and digits, shown by the lecturer at the start."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
    )
    school = forms.CharField(
        label=_("School or college"),
        max_length=200,
        help_text=_("For example: School No. 5, Almaty."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    region = RegionChoiceField(label=_("Region"), empty_label=_("Choose the region"))
    grade = forms.ChoiceField(label=_("Grade or course year"), choices=_with_empty(Grade.choices, _("Choose")))
    class_letter = forms.CharField(
        label=_("Class letter or group (optional)"),
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 3}),
    )
    # A random token per form shown (kept when the form comes back with errors): a form sent twice
    # counts the class once. ClassCheckIn takes anything but a well-formed token for none.
    report_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=REPORT_TOKEN_LENGTH)
    students_present = forms.IntegerField(
        label=_("Number of students present"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": MAX_STUDENTS_PER_CLASS}),
        error_messages={"invalid": _("Enter a whole number.")},
    )

    @staticmethod
    def new_report_token() -> str:
        return secrets.token_hex(REPORT_TOKEN_LENGTH // 2)

    def clean_students_present(self):
        count = self.cleaned_data["students_present"]
        if not 1 <= count <= MAX_STUDENTS_PER_CLASS:
            raise forms.ValidationError(
                gettext("Enter a number from 1 to %(limit_value)s.") % {"limit_value": MAX_STUDENTS_PER_CLASS}
            )
        return count

    def clean_code(self):
        from .services import LectureError, well_formed_code

        try:
            return well_formed_code(self.cleaned_data["code"])
        except LectureError as error:
            raise forms.ValidationError(error.message) from None


class FeedbackForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the lecture? (1 — not at all, 5 — very)"),
        choices=MARKS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    clarity = forms.TypedChoiceField(
        label=_("How clear was it? (1 — not at all, 5 — very)"), choices=MARKS, coerce=int, widget=forms.RadioSelect
    )
    knows_where_to_get_help = forms.TypedChoiceField(
        label=_("Do you now know where to get help if something happens to you or a friend?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else? (optional)"),
        help_text=_(
            "Do not write your name or anyone else's. A moderator reads comments before anyone else sees them."
        ),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    region = RegionChoiceField(label=_("Region (optional)"), empty_label=_("Do not say"), required=False)


class StatisticsForm(forms.Form):
    group_by = forms.ChoiceField(
        label=_("Group by"),
        choices=[
            ("lecture", _("Lecture")),
            ("session", _("Session")),
            ("region", _("Region")),
            ("audience", _("Audience")),
        ],
        required=False,
    )
    region = RegionChoiceField(label=_("Region"), empty_label=_("All regions"), required=False)
    audience = forms.ChoiceField(
        label=_("Audience"), choices=_with_empty(Audience.choices, _("All audiences")), required=False
    )
