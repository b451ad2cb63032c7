from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseTemplate(models.Model):
    """An organisation's own Word template; DOCX documents are built on its styles.

    The file is kept in the database so it travels with a backup or a move."""

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.CASCADE, related_name="house_template"
    )
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("house template")
        verbose_name_plural = _("house templates")

    def __str__(self) -> str:
        return self.filename
