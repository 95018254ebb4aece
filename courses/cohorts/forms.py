from datetime import date

from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.accounts.models import LEARNER_ROLES, Role, User
from cms.regions import REGIONS
from courses.models import CoursePage

from .models import TARGET_ROLE_CHOICES, AttendanceStatus, FocusGroup, Session, SessionFormat
from .reports import DIMENSIONS

LEARNER_ROLE_CHOICES = [(role.value, role.label) for role in Role if role in LEARNER_ROLES]


class FocusGroupForm(forms.ModelForm):
    target_roles = forms.MultipleChoiceField(
        label=_("Target roles"), choices=TARGET_ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses"),
        queryset=CoursePage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Members are enrolled on these courses."),
    )
    coordinators = forms.ModelMultipleChoiceField(
        label=_("Coordinators"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = FocusGroup
        fields = ["name", "region", "agency", "target_roles", "courses", "coordinators"]

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = list(self.instance.courses.values_list("pk", flat=True)) if self.instance.pk else []
        # One line per course: its version in the default language, plus whatever is already chosen.
        self.fields["courses"].queryset = (
            CoursePage.objects.live()
            .filter(Q(locale__language_code=settings.LANGUAGE_CODE) | Q(pk__in=chosen))
            .order_by("title")
        )
        coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True)
        if not viewer.is_superuser:
            # A coordinator forms groups in their own region only.
            self.fields["region"].choices = [(code, name) for code, name in REGIONS if code == viewer.region]
            coordinators = coordinators.filter(region=viewer.region)
        self.fields["coordinators"].queryset = coordinators.order_by("last_name", "first_name")
        self.fields["courses"].label_from_instance = lambda course: course.title


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(label=_("Name"), max_length=300, required=False, help_text=_("Needed for a new person."))
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *LEARNER_ROLE_CHOICES], required=False)
    agency = forms.CharField(label=_("Agency"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        email = data.get("email")
        if email and not User.objects.filter(email__iexact=email).exists():
            if not data.get("name"):
                self.add_error("name", _("Enter the name of a new person."))
            if not data.get("role"):
                self.add_error("role", _("Choose the role of a new person."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_("Columns: email, name, role, agency, organisation. The first row names the columns."),
    )
    # The checked file travels back with the "Add everyone" button, so nothing is uploaded twice.
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    MAX_BYTES = 2 * 1024 * 1024

    def clean(self):
        from .csv_import import decode

        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 2 MB."))
            try:
                data["text"] = decode(upload.read())
            except ValueError:
                raise forms.ValidationError(_("The file must be saved as CSV in UTF-8 or Windows-1251.")) from None
        elif data.get("content"):
            data["text"] = data["content"]
        else:
            self.add_error("file", _("Choose a CSV file."))
        return data


class SessionForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts (Asia/Almaty time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    class Meta:
        model = Session
        fields = ["title", "format", "starts_at", "duration_minutes", "trainer", "venue", "online_url", "capacity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = (
            User.objects.filter(is_active=True).exclude(role="").order_by("last_name", "first_name")
        )

    def clean(self):
        data = super().clean()
        if data.get("format") == SessionFormat.ONLINE and not data.get("online_url"):
            self.add_error("online_url", _("An online session needs a link."))
        if data.get("format") == SessionFormat.IN_PERSON and not data.get("venue"):
            self.add_error("venue", _("An in-person session needs a venue."))
        return data


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Session code"), max_length=12, help_text=_("The code your trainer shows at the session.")
    )


class AttendanceForm(forms.Form):
    """One radio group per member: present, absent, excused or not marked."""

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not marked")), *AttendanceStatus.choices]
        for membership, mark in sheet:
            self.fields[f"user_{membership.user_id}"] = forms.ChoiceField(
                label=membership.user.full_name,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=mark.status if mark else "",
            )

    def marks(self) -> dict[int, str]:
        return {int(name.removeprefix("user_")): value for name, value in self.cleaned_data.items()}


def _year_start() -> date:
    return timezone.localdate().replace(month=1, day=1)


class ReportFilterForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Group by"), choices=DIMENSIONS, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        data["dimension"] = data.get("dimension") or "region"
        data["date_from"] = data.get("date_from") or _year_start()
        data["date_to"] = data.get("date_to") or timezone.localdate()
        if data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class InvitationPasswordForm(SetPasswordForm):
    pass
