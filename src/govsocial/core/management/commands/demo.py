import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from govsocial.core import registry, services
from govsocial.core.models import Membership, Organisation, Person

DEMO_SLUG = "example"
DEMO_LEAD = "lead"


class Command(BaseCommand):
    help = _("Create or refresh the demo organisation (Example Council / Gemeente Voorbeeld).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-password", action="store_true", help=_("Give the demo lead a new password.")
        )

    def handle(self, *args, **options):
        password_file = settings.DATA_DIR / "demo-lead-password"
        with transaction.atomic():
            organisation, created = Organisation.objects.update_or_create(
                slug=DEMO_SLUG,
                defaults={
                    "name_en": "Example Council",
                    "name_nl": "Gemeente Voorbeeld",
                    "kind": Organisation.Kind.MUNICIPALITY,
                    "country": "NL",
                    "size_band": Organisation.SizeBand.MEDIUM,
                    "default_language": "nl",
                    "audience": Organisation.Audience.RESIDENTS,
                    # The allow-list of "Can I post this?".
                    "own_ibans": "NL91 ABNA 0417 1643 00",
                    "own_phone_numbers": "020 555 0100",
                    "own_addresses": "Raadhuisplein 1, 1234 AB Voorbeeld",
                    "own_email_domains": "voorbeeld.nl",
                },
            )
            lead = Person.objects.filter(username=DEMO_LEAD).first()
            password = None
            if lead is None or options["new_password"]:
                password = services.generate_password()
                if lead is None:
                    services.add_member(
                        organisation,
                        DEMO_LEAD,
                        Membership.Role.LEAD,
                        password=password,
                        email="lead@example.org",
                        first_name="Sam",
                        last_name="de Vries",
                    )
                else:
                    lead.set_password(password)
                    lead.save()
                password_file.write_text(password)
                os.chmod(password_file, 0o600)
            elif password_file.exists():
                stored = password_file.read_text().strip()
                if lead.check_password(stored):
                    password = stored
            for seed in registry.demo_seeds():
                seed(organisation)
        self.stdout.write(
            _("Demo organisation %(name)s is ready (%(state)s).")
            % {"name": organisation.name_en, "state": _("created") if created else _("refreshed")}
        )
        bind = os.environ.get("GOVSOCIAL_BIND", "127.0.0.1:8000")
        self.stdout.write(_("Sign in at http://%(bind)s/sign-in/") % {"bind": bind})
        self.stdout.write(_("  user name: %(user)s") % {"user": DEMO_LEAD})
        if password:
            self.stdout.write(_("  password:  %(password)s") % {"password": password})
        else:
            self.stdout.write(
                _("  password:  (changed since; run `govsocial demo --new-password` for a new one)")
            )
