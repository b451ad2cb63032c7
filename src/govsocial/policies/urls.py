from django.urls import path, re_path

from . import revision_views, views
from .services import DOCUMENT_KINDS

app_name = "policies"

DOWNLOAD = (
    rf"download/(?P<kind>{'|'.join(DOCUMENT_KINDS)})-(?P<lang>en|nl)\.(?P<fmt>html|md|docx|pdf)$"
)

urlpatterns = [
    path("", views.index, name="index"),
    path("interview/", views.interview_start, name="interview"),
    path("interview/older-draft/", revision_views.older_draft, name="older_draft"),
    path("interview/review/", views.review, name="review"),
    path("interview/checks/", views.checks, name="checks"),
    path("interview/preview/", views.preview, name="preview"),
    path("interview/<slug:page_id>/", views.interview_page, name="page"),
    path("generate/", views.generate, name="generate"),
    path("versions/", views.history, name="history"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/approve/", revision_views.approve, name="approve"),
    path(
        "versions/<int:pk>/send-for-adoption/",
        revision_views.send_for_adoption,
        name="send_for_adoption",
    ),
    re_path(r"^versions/(?P<pk>[0-9]+)/" + DOWNLOAD, views.download, name="download"),
    path("published/", views.published, name="published"),
    re_path(r"^published/" + DOWNLOAD, views.published_download, name="published_download"),
    path("diff/", views.diff, name="diff"),
]
