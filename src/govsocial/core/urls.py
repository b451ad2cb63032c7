from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="language"),
    path("audit/", views.audit_trail, name="audit"),
    path("people/", views.people, name="people"),
    path("people/<int:membership_id>/role/", views.change_role, name="change_role"),
    path("people/<int:membership_id>/unlock/", views.unlock, name="unlock"),
    path("organisation/", views.organisation_settings, name="organisation"),
    path("healthz", views.healthz, name="healthz"),
]
