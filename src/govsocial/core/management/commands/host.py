from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from govsocial.core import services
from govsocial.core.commands import language_option
from govsocial.core.models import Person


class Command(BaseCommand):
    help = _("Add or list the hosts of this installation, who administer its organisations.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help=_("Add a host with a generated password."))
        add.add_argument("--username", required=True)
        add.add_argument("--email", default="")
        listing = sub.add_parser("list", help=_("List the hosts."))
        language_option(parser, add, listing)

    def handle(self, *args, **options):
        with translation.override(options["lang"]):
            if options["action"] == "list":
                for host in Person.objects.filter(is_host=True).order_by("username"):
                    self.stdout.write(f"{host.username}\t{host.email}")
                return
            try:
                host, password = services.add_host(options["username"], options["email"])
            except services.HostError as error:
                raise CommandError(str(error), returncode=2) from None
            self.stdout.write(
                _(
                    "%(user)s is a host and can sign in with the password %(password)s — it is shown only once."
                )
                % {"user": host.username, "password": password}
            )
