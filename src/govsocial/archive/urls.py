"""The archive's pages come with the upload, search and disclosure work; the
namespace exists so the scoping and every-page tests already cover it."""

app_name = "archive"
urlpatterns: list = []
