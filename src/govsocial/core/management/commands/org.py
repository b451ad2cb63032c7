import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core import hooks, services
from govsocial.core.commands import language_option, organisation_option
from govsocial.core.models import Organisation


class Command(BaseCommand):
    help = _("Create, list, disable, enable and delete organisations (the host's work).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("Create an organisation."))
        create.add_argument("--slug", required=True)
        create.add_argument("--name", required=True, help=_("The name in English."))
        create.add_argument("--name-nl", default="", help=_("The name in Dutch (else the same)."))
        create.add_argument("--language", default="nl")
        create.add_argument("--country", default="NL")
        create.add_argument("--kind", default=Organisation.Kind.MUNICIPALITY)
        listing = sub.add_parser("list", help=_("List the organisations and their usage."))
        listing.add_argument("--format", default="text")
        disable = sub.add_parser("disable", help=_("Stop an organisation's members signing in."))
        disable.add_argument("--slug", required=True)
        disable.add_argument("--reason", default="")
        enable = sub.add_parser("enable", help=_("Let a disabled organisation's members back in."))
        enable.add_argument("--slug", required=True)
        delete = sub.add_parser("delete", help=_("Delete an organisation and all its data."))
        delete.add_argument("--slug", required=True)
        delete.add_argument("--yes", action="store_true", help=_("Really delete."))
        language_option(parser, create, listing, disable, enable, delete)

    def handle(self, *args, **options):
        with translation.override(options["lang"]):
            getattr(self, f"_{options['action']}")(options)

    def _create(self, options):
        try:
            organisation = services.create_organisation(
                options["slug"],
                options["name"],
                options["name_nl"],
                language=options["language"],
                country=options["country"],
                kind=options["kind"],
            )
        except services.OrganisationError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(
            _("Organisation %(slug)s is created. Add its first lead with: %(command)s")
            % {
                "slug": organisation.slug,
                "command": f"govsocial member add --org {organisation.slug} --username … --role lead",
            }
        )

    def _list(self, options):
        if options["format"] not in ("text", "json"):
            raise CommandError(
                _("Unknown format %(format)s; choose text or json.")
                % {"format": options["format"]},
                returncode=2,
            )
        organisations = Organisation.objects.annotate(members=Count("memberships")).order_by("slug")
        usage = hooks.organisation_usage(organisations)
        rows = [
            {
                "slug": o.slug,
                "name_en": o.name_en,
                "name_nl": o.name_nl,
                "kind": o.kind,
                "country": o.country,
                "language": o.default_language,
                "disabled": o.is_disabled,
                "disabled_reason": o.disabled_reason,
                "created_at": o.created_at.isoformat(),
                "usage": {line.key: line.count for line in usage[o.pk]},
            }
            for o in organisations
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        for row, organisation in zip(rows, organisations, strict=True):
            state = _("disabled") if row["disabled"] else _("active")
            counts = ", ".join(f"{line.label} {line.count}" for line in usage[organisation.pk])
            self.stdout.write(f"{row['slug']}\t{row['name_en']}\t{state}\t{counts}")

    def _disable(self, options):
        organisation = organisation_option(options["slug"])
        services.disable_organisation(organisation, options["reason"], None)
        self.stdout.write(
            _("%(slug)s is disabled: its members cannot sign in.") % {"slug": organisation.slug}
        )

    def _enable(self, options):
        organisation = organisation_option(options["slug"])
        services.enable_organisation(organisation, None)
        self.stdout.write(
            _("%(slug)s is enabled: its members can sign in.") % {"slug": organisation.slug}
        )

    def _delete(self, options):
        organisation = organisation_option(options["slug"])
        preview = services.deletion_preview(organisation)
        for line in preview.usage:
            self.stdout.write(f"  {line.label}: {line.count}")
        self.stdout.write(
            _("  accounts deleted (in no other organisation): %(n)s")
            % {"n": preview.accounts_deleted}
        )
        if not options["yes"]:
            raise CommandError(
                _("Nothing is deleted: add --yes to delete %(slug)s and all the above.")
                % {"slug": organisation.slug},
                returncode=2,
            )
        services.delete_organisation(organisation, None)
        self.stdout.write(_("%(slug)s and all its data are deleted.") % {"slug": options["slug"]})
