from django import forms
from django.utils.translation import gettext_lazy as _


class HouseTemplateForm(forms.Form):
    file = forms.FileField(
        label=_("Word template"),
        help_text=_(
            "A Word document (.docx) or Word template (.dotx) of at most 5 MB, without macros."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,.dotx,application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            }
        ),
    )
