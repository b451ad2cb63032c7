from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    # Single sign-on: /sign-in/sso/?organisation=<short name>, and the provider's return.
    path("sign-in/sso/", views.SingleSignOnStart.as_view(), name="sso_start"),
    path("sign-in/sso/callback/", views.SingleSignOnReturn.as_view(), name="sso_callback"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="language"),
    path("audit/", views.audit_trail, name="audit"),
    path("start-here/<int:number>/done/", views.start_step_done, name="start_step_done"),
    path("audit/trail.csv", views.audit_trail_export, name="audit_export"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path(
        "people/invitations/<int:invitation_id>/withdraw/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("people/<int:membership_id>/role/", views.change_role, name="change_role"),
    path("people/<int:membership_id>/unlock/", views.unlock, name="unlock"),
    path("people/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path("people/<int:membership_id>/data.json", views.export_member, name="export_member"),
    path(
        "people/<int:membership_id>/two-factor/remove/",
        views.remove_member_two_factor,
        name="remove_member_two_factor",
    ),
    path("organisation/", views.organisation_settings, name="organisation"),
    path("organisation/two-factor/", views.organisation_two_factor, name="organisation_two_factor"),
    path("organisation/single-sign-on/", views.single_sign_on, name="single_sign_on"),
    path(
        "organisation/single-sign-on/remove/",
        views.remove_single_sign_on,
        name="remove_single_sign_on",
    ),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    # A person's own account and password.
    path("account/", views.account, name="account"),
    path("account/two-factor/", views.two_factor_page, name="two_factor"),
    path("account/two-factor/qr.svg", views.two_factor_qr, name="two_factor_qr"),
    path("account/password/", views.AccountPasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/changed/",
        views.AccountPasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", views.ResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
    # The installation's host.
    path("host/", views.host_organisations, name="host"),
    path("host/organisations/new/", views.host_new, name="host_new"),
    path("host/organisations/<int:organisation_id>/", views.host_edit, name="host_edit"),
    path("host/organisations/<int:organisation_id>/invite/", views.host_invite, name="host_invite"),
    path(
        "host/organisations/<int:organisation_id>/disable/",
        views.host_disable,
        name="host_disable",
    ),
    path("host/organisations/<int:organisation_id>/enable/", views.host_enable, name="host_enable"),
    path("host/organisations/<int:organisation_id>/delete/", views.host_delete, name="host_delete"),
    path("host/audit/", views.host_audit, name="host_audit"),
    path("healthz", views.healthz, name="healthz"),
]
