from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("verify/", views.verify_view, name="verify"),
    path("two-factor/", views.two_factor_view, name="two_factor"),
    path("two-factor/authenticator/", views.add_authenticator_view, name="add_authenticator"),
    path("two-factor/backup-codes/", views.backup_codes_view, name="backup_codes"),
]
