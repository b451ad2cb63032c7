from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core import services
from govsocial.core.commands import organisation_option
from govsocial.core.models import Membership, Person


class Command(BaseCommand):
    help = _("Add a person to an organisation, or list its members.")

    def add_arguments(self, parser):
        parser.add_argument("--lang", choices=["en", "nl"], default="en")
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help=_("Add a person with a generated password."))
        add.add_argument("--org", required=True)
        add.add_argument("--username", required=True)
        add.add_argument("--role", default="staff")
        add.add_argument("--email", default="")
        listing = sub.add_parser("list", help=_("List an organisation's members."))
        listing.add_argument("--org", required=True)

    def handle(self, *args, **options):
        with translation.override(options["lang"]):
            organisation = organisation_option(options["org"])
            if options["action"] == "list":
                for m in Membership.objects.filter(organisation=organisation).select_related(
                    "person"
                ):
                    self.stdout.write(f"{m.person.username}\t{m.role}\t{m.person.email}")
                return
            roles = [value for value, _label in Membership.Role.choices]
            if options["role"] not in roles:
                raise CommandError(
                    _("Unknown role %(role)s; choose one of: %(roles)s.")
                    % {"role": options["role"], "roles": ", ".join(roles)},
                    returncode=2,
                )
            if Person.objects.filter(username__iexact=options["username"]).exists():
                raise CommandError(
                    _("The user name %(user)s is already taken.") % {"user": options["username"]},
                    returncode=2,
                )
            if options["email"] and services.email_in_use(options["email"]):
                raise CommandError(
                    _("Another account already has this e-mail address."), returncode=2
                )
            password = services.generate_password()
            services.add_member(
                organisation,
                options["username"],
                options["role"],
                password=password,
                email=options["email"],
                language=organisation.default_language,
            )
            self.stdout.write(
                _("%(user)s can now sign in with the password %(password)s")
                % {"user": options["username"], "password": password}
            )
