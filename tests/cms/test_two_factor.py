import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.accounts.models import Role
from tests.factories import PASSWORD, SuperUserFactory, UserFactory, backup_code_for

pytestmark = pytest.mark.django_db

VERIFY = re.compile(r"^/(kk|ru|en)/accounts/verify/\?next=")


def admin_paths() -> list[str]:
    """Every URL pattern under /admin/, with its parameters filled in with plausible values."""
    paths = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                paths.append(route)

    admin = next(entry for entry in get_resolver().url_patterns if str(entry.pattern) == "admin/")
    walk(admin.url_patterns, "/admin/")
    filled = set()
    for route in paths:
        route = route.lstrip("^").replace("$", "").replace("\\Z", "")
        route = re.sub(r"<(?:int:)?[^>]*(?:id|pk|parent)[^>]*>", "1", route)
        route = re.sub(r"<[^>]+>", "x", route)
        route = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)
        filled.add(route if route.startswith("/") else "/" + route)
    return sorted(filled)


def test_admin_urls_are_enumerated():
    paths = admin_paths()
    assert len(paths) > 100
    assert "/admin/" in paths
    assert any(path.startswith("/admin/pages/1/edit") for path in paths)


def sign_in_with_password_only(client, user):
    response = client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/verify/")


def test_every_admin_url_refuses_a_password_only_session(client, home_tree):
    user = SuperUserFactory()
    backup_code_for(user)
    sign_in_with_password_only(client, user)
    for path in admin_paths():
        if path.startswith(("/admin/login/", "/admin/logout/")):
            continue
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, f"{method.__name__} {path} -> {response.status_code}"
            assert VERIFY.match(response["Location"]), path


def test_staff_area_refuses_a_password_only_session(client, home_tree):
    user = UserFactory(role=Role.COORDINATOR)
    backup_code_for(user)
    sign_in_with_password_only(client, user)
    response = client.get("/ru/staff/anything/")
    assert response.status_code == 302
    assert VERIFY.match(response["Location"])


def test_a_backup_code_verifies_once_and_opens_the_admin(client, home_tree):
    user = SuperUserFactory()
    code = backup_code_for(user)
    sign_in_with_password_only(client, user)
    response = client.post("/en/accounts/verify/", {"token": code, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post("/en/accounts/logout/")
    sign_in_with_password_only(client, user)
    response = client.post("/en/accounts/verify/", {"token": code})
    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()


def test_a_wrong_code_keeps_the_session_unverified(client, home_tree):
    user = SuperUserFactory()
    backup_code_for(user)
    sign_in_with_password_only(client, user)
    response = client.post("/en/accounts/verify/", {"token": "000000"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_staff_without_any_device_cannot_enrol_one_themselves(client, home_tree):
    user = SuperUserFactory()
    sign_in_with_password_only(client, user)
    response = client.get("/en/accounts/verify/")
    assert response.status_code == 403
    assert "Ask an administrator" in response.content.decode()
    for path in ("/en/accounts/two-factor/", "/en/accounts/two-factor/authenticator/"):
        assert client.get(path)["Location"].startswith("/en/accounts/verify/")
    response = client.post("/en/accounts/two-factor/backup-codes/")
    assert response["Location"].startswith("/en/accounts/verify/")
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_password_only_session_cannot_add_an_authenticator(client, home_tree):
    user = SuperUserFactory()
    backup_code_for(user)
    sign_in_with_password_only(client, user)
    client.get("/en/accounts/two-factor/authenticator/")
    client.post("/en/accounts/two-factor/authenticator/", {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_verified_session_adds_an_authenticator_after_confirming_a_code(verified_client):
    response = verified_client.get("/en/accounts/two-factor/authenticator/")
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=verified_client.user, confirmed=False)
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    response = verified_client.post("/en/accounts/two-factor/authenticator/", {"token": f"{token:06d}"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_administrator_command_issues_backup_codes(capsys):
    from django.core.management import call_command

    user = SuperUserFactory()
    call_command("issue_two_factor", user.email, "--authenticator")
    output = capsys.readouterr().out
    assert "otpauth://totp/" in output
    assert len(re.findall(r"^  [a-z0-9]{8}$", output, re.M)) == 10


def test_learners_sign_in_without_a_second_factor(client, home_tree):
    user = UserFactory(role=Role.PSYCHOLOGIST)
    response = client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD, "next": "/en/"})
    assert response["Location"] == "/en/"


def test_repeated_failures_lock_the_account_with_a_clear_message(client, home_tree, settings):
    user = UserFactory()
    for _ in range(settings.LOGIN_THROTTLE_LIMIT):
        response = client.post("/en/accounts/login/", {"email": user.email, "password": "wrong"})
        assert "not correct" in response.content.decode()
    response = client.post("/en/accounts/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_form_keeps_the_typed_email_after_an_error(client, home_tree):
    response = client.post("/ru/accounts/login/", {"email": "someone@example.test", "password": "wrong"})
    html = response.content.decode()
    assert 'value="someone@example.test"' in html
    assert "Неверный адрес электронной почты или пароль" in html


def test_an_open_redirect_is_refused_after_login(client, home_tree):
    user = UserFactory()
    response = client.post(
        "/en/accounts/login/", {"email": user.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
