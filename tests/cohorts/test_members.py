import pytest
from django.core import mail
from django.utils import translation

from cms.accounts.models import User
from courses.cohorts import csv_import, services
from courses.cohorts.models import Invitation, Membership
from courses.models import Enrolment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "email,name,role,agency,organisation\n"
    "aigul@example.test,Айгүл Сейтқали,psychologist,Білім басқармасы,№12 мектеп\n"
    "oleg@example.test,Олег Петров,Социальный работник,Управление соцзащиты,ЦСО\n"
)


def test_dry_run_reports_what_would_happen_and_writes_nothing(group):
    UserFactory(email="known@example.test")
    text = GOOD + "known@example.test,,,,\n"
    report = csv_import.run(group=group, text=text, by=None, language="en", apply=False)
    assert report.ok and not report.applied
    assert [(item.row, item.outcome) for item in report.plan] == [(2, "invite"), (3, "invite"), (4, "add")]
    assert not Membership.objects.filter(group=group).exists()
    assert not User.objects.filter(email="aigul@example.test").exists()


def test_a_bad_row_reports_row_field_and_message_and_adds_nobody(group, client):
    text = (
        GOOD
        + "not-an-email,Ботагөз,psychologist,,\n"
        + "fourth@example.test,,dancer,,\n"
        + "aigul@example.test,Дубль,psychologist,,\n"
    )
    with translation.override("en"):
        report = csv_import.run(group=group, text=text, by=None, language="en", apply=True)
    assert not report.applied
    problems = {(p.row, p.field) for p in report.problems}
    assert problems == {(4, "email"), (5, "name"), (5, "role"), (6, "email")}
    assert any("row 2" in p.message for p in report.problems if p.row == 6)
    assert not User.objects.filter(email__in=["aigul@example.test", "oleg@example.test"]).exists()
    assert not Membership.objects.exists()
    assert not mail.outbox


def test_problems_are_reported_in_the_users_language(group):
    with translation.override("ru"):
        report = csv_import.check(group=group, text="email,name,role\nbad,Имя,psychologist\n")
    assert report.problems[0].message == "«bad» — неверный адрес электронной почты."


def test_import_adds_everyone_enrols_them_and_invites_new_people_once(
    group, course, django_capture_on_commit_callbacks
):
    group.courses.add(course)
    with django_capture_on_commit_callbacks(execute=True):
        report = csv_import.run(group=group, text=GOOD, by=None, language="ru", apply=True)
    assert report.applied
    aigul = User.objects.get(email="aigul@example.test")
    assert aigul.get_full_name() == "Айгүл Сейтқали"
    assert aigul.region == "KZ-75" and aigul.role == "psychologist" and not aigul.has_usable_password()
    assert User.objects.get(email="oleg@example.test").role == "social_worker"
    assert Enrolment.objects.filter(course_key=course.translation_key, source="assigned").count() == 2
    assert len(mail.outbox) == 2
    invitation = Invitation.objects.get(user=aigul)
    assert services.send_invitation(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 2


def test_windows_1251_file_is_read():
    data = GOOD.encode("cp1251", errors="ignore")
    assert "Петров" in csv_import.decode(data)


def test_semicolon_separated_file_is_read(group):
    report = csv_import.check(group=group, text=GOOD.replace(",", ";"))
    assert report.ok and report.invited == 2


def test_missing_columns_are_reported_on_the_header_row(group):
    report = csv_import.check(group=group, text="mail,fio\nx@example.test,X\n")
    assert report.problems[0].row == 1 and "email" in report.problems[0].field


def test_invitation_link_sets_the_password_and_then_stops_working(group, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership, created = services.add_person(
            group=group,
            person=services.NewPerson(email="new@example.test", name="Жаңа Адам", role="psychologist"),
            by=None,
            language="en",
        )
    assert created
    body = mail.outbox[0].body
    url = next(line for line in body.splitlines() if "/invitation/" in line).strip()
    path = url.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    new_password = "a-long-and-unusual-passphrase-42"
    response = client.post(path, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert User.objects.get(email="new@example.test").check_password(new_password)
    assert client.get(path).status_code == 404


def test_import_page_checks_then_applies_the_same_file(coordinator_client, group):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/en/staff/groups/{group.pk}/members/import/"
    upload = SimpleUploadedFile("people.csv", GOOD.encode(), content_type="text/csv")
    response = coordinator_client.post(url, {"file": upload, "check": "1"})
    assert response.status_code == 200
    assert "The file is correct" in response.content.decode()
    assert not Membership.objects.exists()
    content = response.context["form"]["content"].value()
    response = coordinator_client.post(url, {"content": content, "apply": "1"})
    assert response.status_code == 302
    assert Membership.objects.filter(group=group).count() == 2


def test_import_page_shows_row_problems_and_keeps_nothing(coordinator_client, group):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("people.csv", b"email,name,role\nbad,X,psychologist\n", content_type="text/csv")
    response = coordinator_client.post(f"/en/staff/groups/{group.pk}/members/import/", {"file": upload, "check": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "Nothing was added" in html and "is not a valid email address" in html
    assert not Membership.objects.exists()


def test_adding_a_member_one_by_one_keeps_typed_values_on_error(coordinator_client, group):
    response = coordinator_client.post(
        f"/en/staff/groups/{group.pk}/members/add/", {"email": "new@example.test", "name": "Жаңа"}
    )
    assert response.status_code == 200
    assert 'value="Жаңа"' in response.content.decode()
    response = coordinator_client.post(
        f"/en/staff/groups/{group.pk}/members/add/",
        {"email": "new@example.test", "name": "Жаңа Адам", "role": "psychologist"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(group=group, user__email="new@example.test").exists()
