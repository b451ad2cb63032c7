"""Small helpers the `govsocial` commands share."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .access import UnknownOrganisation, organisation_by_slug
from .models import Organisation


def organisation_option(slug: str) -> Organisation:
    """The organisation named by `--org`, or exit 2 with the known slugs."""
    try:
        return organisation_by_slug(slug)
    except UnknownOrganisation:
        known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise CommandError(
            _("There is no organisation “%(slug)s”. Known organisations: %(known)s.")
            % {"slug": slug, "known": known or "—"},
            returncode=2,
        ) from None


def language_option(parser, *subparsers) -> None:
    """`--lang en|nl` before or after the sub-command (`org --lang nl list`, `org list --lang nl`)."""
    import argparse

    languages = [code for code, _name in settings.LANGUAGES]
    parser.add_argument("--lang", choices=languages, default="en")
    for sub in subparsers:
        sub.add_argument("--lang", choices=languages, default=argparse.SUPPRESS)
