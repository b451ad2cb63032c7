from django.urls import include, path

urlpatterns = [
    path("", include("govsocial.core.urls")),
    path("policy/", include("govsocial.policies.urls")),
    path("maturity/", include("govsocial.maturity.urls")),
    path("channels/", include("govsocial.channels.urls")),
    path("training/", include("govsocial.training.urls")),
    path("documents/", include("govsocial.documents.urls")),
    path("archive/", include("govsocial.archive.urls")),
    path("insights/", include("govsocial.insights.urls")),
]

handler403 = "govsocial.core.views.errors.permission_denied"
handler404 = "govsocial.core.views.errors.page_not_found"
handler500 = "govsocial.core.views.errors.server_error"
