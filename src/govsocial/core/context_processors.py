from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAV = [
    ("core:dashboard", _("Dashboard")),
    ("policies:index", _("Policy")),
    ("maturity:index", _("Maturity")),
    ("channels:index", _("Channels")),
    ("training:index", _("Training")),
    ("archive:index", _("Archive")),
    ("insights:index", _("Insights")),
]


def shell(request):
    items = []
    if getattr(request, "membership", None) is not None:
        path = request.path
        for name, label in NAV:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            current = path == url if name == "core:dashboard" else path.startswith(url)
            items.append({"url": url, "label": label, "current": current})
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_host:
        url = reverse("core:host")
        items.append(
            {"url": url, "label": _("Installation"), "current": request.path.startswith(url)}
        )
    return {
        "nav_items": items,
        "organisation": getattr(request, "organisation", None),
        "membership": getattr(request, "membership", None),
    }
