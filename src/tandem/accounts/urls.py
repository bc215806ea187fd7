from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import oidc, saml, views, views_sso
from .forms import RevokingPasswordChangeForm, RevokingSetPasswordForm, SsoAwarePasswordResetForm

app_name = "accounts"
urlpatterns = [
    path("login/", views.TandemLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            form_class=RevokingPasswordChangeForm,
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=SsoAwarePasswordResetForm,
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=RevokingSetPasswordForm,
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("oidc/login/", oidc.oidc_login, name="oidc_login"),
    path("oidc/callback/", oidc.oidc_callback, name="oidc_callback"),
    path("saml/login/", saml.saml_login, name="saml_login"),
    path("saml/acs/", saml.saml_acs, name="saml_acs"),
    path("saml/metadata/", saml.saml_metadata, name="saml_metadata"),
    path("sso/", views_sso.sso_settings_page, name="sso_settings"),
    path("tokens/", views.tokens_page, name="tokens"),
    path("roles/", views.roles_page, name="roles"),
    path("audit/", views.audit_log_page, name="audit"),
    path("sign-in-locks/", views.signin_locks_page, name="signin_locks"),
    path("my-data/", views.my_data_page, name="my_data"),
    path("my-data/export.json", views.download_my_data, name="export_my_data"),
    path("people/<int:person_id>/export.json", views.download_person_data, name="export_person"),
    path("people/<int:person_id>/erase/", views.erase_person_page, name="erase_person"),
]
