"""A realistic channel register for the demo organisation: every status, some healthy,
some without cover, one dormant. Idempotent: existing demo channels are left as they are."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from govsocial.core.dates import add_months
from govsocial.core.models import AuditEvent, Membership, Organisation, Person
from govsocial.core.services import add_member, record_event

from .models import Channel, ChannelReport
from .services import EVENT_LABELS, audit_summary, first_of_month

S = Channel.Status
P = Channel.Platform

PEOPLE = [
    # username, first, last, role, language
    ("fatima.elamrani", "Fatima", "El Amrani", Membership.Role.EDITOR, "nl"),
    ("jeroen.bakker", "Jeroen", "Bakker", Membership.Role.STAFF, "nl"),
    ("lotte.dejong", "Lotte", "de Jong", Membership.Role.STAFF, "nl"),
    ("tim.smit", "Tim", "Smit", Membership.Role.STAFF, "en"),
    ("noor.mulder", "Noor", "Mulder", Membership.Role.EDITOR, "nl"),
    ("ravi.kisoen", "Ravi", "Kisoen", Membership.Role.STAFF, "nl"),
]

CUSTODY_OK = {
    "credentials_in_password_manager": True,
    "two_factor_enabled": True,
    "recovery_address_owned_by_organisation": True,
    "recovery_mailbox": "socialmedia@voorbeeld.example",
}


def _channels(today):
    """The demo register, relative to today so health looks the same whenever it is seeded."""
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    return [
        dict(
            platform=P.X,
            handle="@gemvoorbeeld",
            name="Gemeente Voorbeeld",
            status=S.ACTIVE,
            url="https://x.com/gemvoorbeeld",
            owning_team="Communicatie",
            purpose="Nieuws, storingen en crisisberichten van de gemeente.",
            objectives="Inwoners snel informeren; vragen binnen 4 uur beantwoorden.",
            audience="Inwoners, pers en raadsleden",
            staffed_hours="ma–vr 08:30–17:00",
            hours_on_profile=True,
            owner="fatima.elamrani",
            cover="noor.mulder",
            credentials_changed_on=ago(40),
            activated=ago(1500),
            activity=ago(1),
            reports=3,
            **CUSTODY_OK,
        ),
        dict(
            platform=P.FACEBOOK,
            handle="gemeentevoorbeeld",
            name="Gemeente Voorbeeld",
            status=S.ACTIVE,
            url="https://www.facebook.com/gemeentevoorbeeld",
            owning_team="Communicatie",
            purpose="Nieuws uit de gemeente en gesprek met inwoners.",
            objectives="Bereik in alle wijken.",
            audience="Inwoners van 35 jaar en ouder",
            staffed_hours="ma–vr 08:30–17:00",
            hours_on_profile=True,
            owner="noor.mulder",
            cover="fatima.elamrani",
            credentials_changed_on=ago(75),
            activated=ago(2200),
            activity=ago(2),
            reports=3,
            **CUSTODY_OK,
        ),
        dict(
            platform=P.LINKEDIN,
            handle="gemeente-voorbeeld",
            name="Gemeente Voorbeeld als werkgever",
            status=S.ACTIVE,
            url="https://www.linkedin.com/company/gemeente-voorbeeld",
            owning_team="HR",
            purpose="Vacatures en werken bij de gemeente.",
            objectives="Meer sollicitaties op moeilijk vervulbare vacatures.",
            audience="Professionals en studenten",
            staffed_hours="ma–vr 09:00–16:00",
            owner="lotte.dejong",
            cover="jeroen.bakker",
            credentials_changed_on=ago(20),
            activated=ago(900),
            activity=ago(5),
            reports=3,
            **CUSTODY_OK,
        ),
        dict(
            platform=P.INSTAGRAM,
            handle="@gemeentevoorbeeld",
            name="Gemeente Voorbeeld",
            status=S.ACTIVE,
            url="https://www.instagram.com/gemeentevoorbeeld",
            owning_team="Communicatie",
            purpose="Beeld van de stad: projecten, evenementen, mensen.",
            audience="Inwoners van 18 tot 40 jaar",
            staffed_hours="ma–vr 09:00–17:00",
            owner="fatima.elamrani",
            cover="tim.smit",
            credentials_changed_on=ago(100),
            activated=ago(1100),
            activity=ago(3),
            reports=0,
            **CUSTODY_OK,
        ),
        dict(
            platform=P.YOUTUBE,
            handle="@gemeentevoorbeeld",
            name="Raadsvergaderingen en uitleg",
            status=S.ACTIVE,
            url="https://www.youtube.com/@gemeentevoorbeeld",
            owning_team="Griffie",
            purpose="Terugkijken van raadsvergaderingen en uitlegvideo's.",
            audience="Inwoners en raadsleden",
            owner="jeroen.bakker",
            cover="ravi.kisoen",
            credentials_changed_on=ago(400),
            activated=ago(1800),
            activity=ago(12),
            reports=3,
            **CUSTODY_OK,
        ),
        dict(
            platform=P.FACEBOOK,
            handle="wijkteamnoord",
            name="Wijkteam Noord",
            status=S.ACTIVE,
            owning_team="Wijkteam Noord",
            purpose="Contact met bewoners van Noord over zorg en welzijn.",
            audience="Bewoners van Voorbeeld-Noord",
            staffed_hours="di en do 09:00–12:00",
            owner="ravi.kisoen",
            cover=None,
            credentials_changed_on=ago(150),
            activated=ago(700),
            activity=ago(9),
            reports=3,
            **CUSTODY_OK,
        ),
        dict(
            platform=P.WHATSAPP,
            handle="afvalkalender",
            name="Afvalkalender Voorbeeld",
            status=S.ACTIVE,
            owning_team="Afval en reiniging",
            purpose="Herinneringen voor de afvalinzameling.",
            audience="Alle huishoudens",
            owner="tim.smit",
            cover="lotte.dejong",
            credentials_in_password_manager=False,
            two_factor_enabled=False,
            recovery_address_owned_by_organisation=False,
            credentials_changed_on=None,
            activated=ago(300),
            activity=ago(6),
            reports=3,
        ),
        dict(
            platform=P.X,
            handle="@buitenruimtevb",
            name="Buitenruimte Voorbeeld",
            status=S.ACTIVE,
            owning_team="Openbare ruimte",
            purpose="Werkzaamheden aan wegen, parken en groen.",
            audience="Inwoners en ondernemers",
            staffed_hours="ma–vr 09:00–16:00",
            owner="jeroen.bakker",
            cover="noor.mulder",
            credentials_changed_on=ago(60),
            activated=ago(1000),
            activity=ago(120),
            reports=3,
            **CUSTODY_OK,
        ),
        dict(
            platform=P.X,
            handle="@evenementenvb",
            name="Evenementen Voorbeeld",
            status=S.DORMANT,
            owning_team="Evenementen",
            purpose="Aankondigingen van evenementen in de stad.",
            audience="Bezoekers en inwoners",
            owner="lotte.dejong",
            cover="tim.smit",
            credentials_changed_on=ago(210),
            activated=ago(1400),
            activity=ago(200),
            reports=0,
            **CUSTODY_OK,
        ),
        dict(
            platform=P.MASTODON,
            handle="@gemeente@social.voorbeeld.example",
            name="Gemeente Voorbeeld op Mastodon",
            status=S.APPROVED,
            url="https://social.voorbeeld.example/@gemeente",
            owning_team="Communicatie",
            purpose="Dezelfde berichten als op X, op een open netwerk.",
            audience="Inwoners die X verlaten hebben",
            owner="noor.mulder",
            cover="fatima.elamrani",
            credentials_changed_on=None,
            why_not_corporate="Een deel van onze volgers zit niet meer op X.",
            hours_per_week=2,
            posters="Team communicatie",
            content_plan="Alle X-berichten ook hier.",
            success_measures="500 volgers na een jaar.",
        ),
        dict(
            platform=P.BLUESKY,
            handle="@voorbeeld.bsky.social",
            name="Gemeente Voorbeeld op Bluesky",
            status=S.APPROVED,
            owning_team="Communicatie",
            purpose="Aanwezig zijn waar inwoners en pers naartoe gaan.",
            audience="Pers, inwoners",
            owner="tim.smit",
            cover=None,
            credentials_changed_on=ago(3),
            **CUSTODY_OK,
            why_not_corporate="Journalisten in de regio gebruiken Bluesky.",
            hours_per_week=2,
            posters="Team communicatie",
            content_plan="Nieuws en persberichten.",
            success_measures="Vermeldingen in de regionale pers.",
        ),
        dict(
            platform=P.TIKTOK,
            handle="@jongvoorbeeld",
            name="Jongerenwerk Voorbeeld",
            status=S.REQUESTED,
            owning_team="Jongerenwerk",
            purpose="Jongeren bereiken met informatie over activiteiten en hulp.",
            audience="Jongeren van 12 tot 18 jaar",
            owner="jeroen.bakker",
            cover=None,
            why_not_corporate="Jongeren volgen het gemeenteaccount niet; zij zitten op TikTok.",
            hours_per_week=6,
            posters="Twee jongerenwerkers, na de cursus",
            content_plan="Twee korte video's per week over activiteiten in de buurthuizen.",
            success_measures="Meer bezoekers bij de inloopavonden; 1.000 volgers na een jaar.",
        ),
        dict(
            platform=P.INSTAGRAM,
            handle="@voorbeeld750",
            name="Voorbeeld 750 jaar",
            status=S.CLOSED,
            owning_team="Evenementen",
            purpose="Het jubileumjaar.",
            owner="lotte.dejong",
            cover="tim.smit",
            closed_reason="Het jubileumjaar is voorbij; de volgers zijn verwezen naar het hoofdaccount.",
            activated=ago(1300),
            activity=ago(600),
            credentials_changed_on=ago(700),
            **CUSTODY_OK,
        ),
        dict(
            platform=P.OTHER,
            handle="snapchat-voorbeeld",
            name="Snapchat voor de zomercampagne",
            status=S.REJECTED,
            owning_team="Sport",
            purpose="Zomercampagne zwembaden.",
            owner="ravi.kisoen",
            cover=None,
            why_not_corporate="Snel iets voor de zomer.",
            hours_per_week=1,
            posters="Stagiair",
            content_plan="Nog niet bekend.",
            success_measures="Nog niet bekend.",
            decision_comment="Geen vaste bemensing en geen plan voor na de zomer; gebruik het Instagram-account van de gemeente.",
        ),
    ]


def _person(organisation: Organisation, username: str | None) -> Person | None:
    if not username:
        return None
    return Person.objects.filter(username=username).first()


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _event(organisation, actor, action, channel, when, why="", **detail):
    event = record_event(
        organisation,
        actor,
        action,
        channel,
        audit_summary(organisation, channel, EVENT_LABELS[action], why),
        **detail,
    )
    AuditEvent.objects.filter(pk=event.pk).update(created_at=_at(when))


@transaction.atomic
def seed(organisation: Organisation) -> None:
    for username, first, last, role, language in PEOPLE:
        if not Membership.objects.filter(
            person__username=username, organisation=organisation
        ).exists():
            add_member(
                organisation,
                username,
                role,
                email=f"{username}@voorbeeld.example",
                first_name=first,
                last_name=last,
                language=language,
            )
    lead = Person.objects.filter(username="lead", memberships__organisation=organisation).first()
    today = timezone.localdate()
    for spec in _channels(today):
        spec = dict(spec)
        activated = spec.pop("activated", None)
        activity = spec.pop("activity", None)
        reports = spec.pop("reports", 0)
        owner = _person(organisation, spec.pop("owner"))
        cover = _person(organisation, spec.pop("cover"))
        if Channel.objects.filter(
            organisation=organisation, platform=spec["platform"], handle=spec["handle"]
        ).exists():
            continue
        status = spec["status"]
        requested_on = (activated or today) - timedelta(days=21)
        channel = Channel.objects.create(
            organisation=organisation,
            owner=owner,
            cover=cover,
            requested_by=owner,
            activated_on=activated,
            last_activity_on=activity,
            custody_checked_on=spec.get("credentials_changed_on"),
            custody_checked_by=owner if spec.get("credentials_changed_on") else None,
            decided_by=lead if status != S.REQUESTED else None,
            decided_at=_at(requested_on + timedelta(days=3)) if status != S.REQUESTED else None,
            **spec,
        )
        # The register shows when a channel was asked for: the same day as its history says.
        Channel.objects.filter(pk=channel.pk).update(created_at=_at(requested_on))
        _event(
            organisation, owner, "channel.requested", channel, requested_on, to_status=S.REQUESTED
        )
        if status == S.REJECTED:
            _event(
                organisation,
                lead,
                "channel.rejected",
                channel,
                requested_on + timedelta(days=3),
                channel.decision_comment,
                from_status=S.REQUESTED,
                to_status=S.REJECTED,
                comment=channel.decision_comment,
            )
            continue
        if status == S.REQUESTED:
            continue
        _event(
            organisation,
            lead,
            "channel.approved",
            channel,
            requested_on + timedelta(days=3),
            from_status=S.REQUESTED,
            to_status=S.APPROVED,
            comment="",
        )
        if activated:
            _event(
                organisation,
                owner,
                "channel.activated",
                channel,
                activated,
                from_status=S.APPROVED,
                to_status=S.ACTIVE,
                comment="",
            )
        if status == S.DORMANT:
            _event(
                organisation,
                lead,
                "channel.dormant",
                channel,
                today - timedelta(days=30),
                "Geen activiteit sinds maanden.",
                from_status=S.ACTIVE,
                to_status=S.DORMANT,
                comment="Geen activiteit sinds maanden.",
            )
        if status == S.CLOSED:
            _event(
                organisation,
                lead,
                "channel.closed",
                channel,
                (activity or today) + timedelta(days=30),
                channel.closed_reason,
                from_status=S.ACTIVE,
                to_status=S.CLOSED,
                comment=channel.closed_reason,
            )
        this_month = first_of_month(today)
        for n in range(1, reports + 1):
            month = add_months(this_month, -n)
            ChannelReport.objects.get_or_create(
                organisation=organisation,
                channel=channel,
                month=month,
                defaults={"received_on": min(today, add_months(month, 1)), "received_by": owner},
            )
