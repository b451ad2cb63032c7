"""Does a channel's staffed hours and profile match the published policy?

A warning, never a refusal: the register records what is true of an account,
and the lead decides whether the account or the policy should change. The
policy is read only through its contract (`policies.services.published_policy`).

Staffed hours are free text ("ma–vr 08:30–17:00", "Mon–Sun 9:00-21:00"), so
they are read by word and by time, never by one clever pattern: both patterns
below are linear and the text is capped first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from govsocial.core.models import Organisation
from govsocial.policies import services as policies

CLAUSE = "responsiveness"  # the staff policy's clause on when the accounts answer
MAX_HOURS_TEXT = 200  # the model's max_length: anything longer is cut before reading
_WORD = re.compile(r"[^\W\d_]+")
_TIME = re.compile(r"(?<!\d)([01]?\d|2[0-4])[:.]([0-5]\d)(?!\d)")
_ROUND_THE_CLOCK = re.compile(r"24\s?/\s?7|(?<!\d)7\s?(?:days|dagen|d/w)")
WEEKEND_WORDS = frozenset(
    {
        # English
        "sat", "saturday", "saturdays", "sun", "sunday", "sundays", "weekend", "weekends",
        "daily",
        # Dutch
        "za", "zat", "zaterdag", "zaterdags", "zo", "zon", "zondag", "zondags", "weekeinde",
        "dagelijks",
    }
)  # fmt: skip
EVERY_DAY_PHRASES = (("every", "day"), ("all", "week"), ("elke", "dag"), ("alle", "dagen"))


@dataclass(frozen=True)
class PolicyWarning:
    code: str  # weekend, outside_hours, set_hours, not_on_profile
    message: str  # in the reader's language
    clause: str  # the clause's title in the reader's language
    url: str  # the clause in the published policy
    version: int

    @property
    def link_text(self) -> str:
        return _("Policy version %(version)s: %(clause)s") % {
            "version": self.version,
            "clause": self.clause,
        }


def _minutes(hour: str, minute: str) -> int:
    return int(hour) * 60 + int(minute)


def _times(text: str) -> list[int]:
    return [_minutes(h, m) for h, m in _TIME.findall(text)]


def _weekend(text: str) -> bool:
    lowered = text.lower()
    if _ROUND_THE_CLOCK.search(lowered):
        return True
    words = _WORD.findall(lowered)
    if WEEKEND_WORDS.intersection(words):
        return True
    return any(pair in EVERY_DAY_PHRASES for pair in zip(words, words[1:], strict=False))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class PolicyFit:
    """What the published policy promises about when the accounts answer."""

    version: int
    around_the_clock: bool
    weekdays_only: bool
    window: tuple[int, int] | None  # staffed from, until (minutes after midnight)
    clause: str
    url: str
    language: str

    def summary(self) -> str:
        """One sentence for the form, so the hours can match before they are saved."""
        with translation.override(self.language):
            if self.around_the_clock:
                return _(
                    "Published policy version %(version)s: the accounts answer around the clock, "
                    "and every profile says so."
                ) % {"version": self.version}
            days = _("Monday to Friday") if self.weekdays_only else _("every day")
            start, end = self.window or (None, None)
            return _(
                "Published policy version %(version)s: the accounts answer %(days)s, "
                "%(from)s to %(until)s, and every profile states these hours."
            ) % {
                "version": self.version,
                "days": days,
                "from": _clock(start) if start is not None else "–",
                "until": _clock(end) if end is not None else "–",
            }

    def check(self, staffed_hours: str, hours_on_profile: bool) -> list[PolicyWarning]:
        """Where these hours and this profile contradict the policy, in the reader's language."""
        text = (staffed_hours or "")[:MAX_HOURS_TEXT]
        times = _times(text)
        found: list[tuple[str, str]] = []
        with translation.override(self.language):
            if self.around_the_clock:
                if times:
                    found.append(
                        (
                            "set_hours",
                            _(
                                "The staffed hours (%(hours)s) are set times, but the published "
                                "policy promises answers around the clock."
                            )
                            % {"hours": text},
                        )
                    )
            else:
                if self.weekdays_only and _weekend(text):
                    found.append(
                        (
                            "weekend",
                            _(
                                "The staffed hours (%(hours)s) include the weekend, but the "
                                "published policy staffs the accounts from Monday to Friday only."
                            )
                            % {"hours": text},
                        )
                    )
                if (
                    self.window
                    and times
                    and (min(times) < self.window[0] or max(times) > self.window[1])
                ):
                    found.append(
                        (
                            "outside_hours",
                            _(
                                "The staffed hours (%(hours)s) go beyond the hours of the "
                                "published policy, %(from)s to %(until)s."
                            )
                            % {
                                "hours": text,
                                "from": _clock(self.window[0]),
                                "until": _clock(self.window[1]),
                            },
                        )
                    )
            if not hours_on_profile:
                found.append(
                    (
                        "not_on_profile",
                        _(
                            "The profile does not state when the account answers, but the "
                            "published policy says every profile does."
                        ),
                    )
                )
            return [
                PolicyWarning(code, message, self.clause, self.url, self.version)
                for code, message in found
            ]


def _window(value: object) -> tuple[int, int] | None:
    times = _times(str(value or "")[:MAX_HOURS_TEXT])
    return (times[0], times[1]) if len(times) == 2 and times[0] < times[1] else None


def policy_fit(organisation: Organisation, language: str) -> PolicyFit | None:
    """What the published policy asks of every account, or None before a policy is published."""
    policy = policies.published_policy(organisation)
    if policy is None:
        return None
    answers = policy.answers
    clauses = policy.clauses(language)
    title = clauses[CLAUSE].title if CLAUSE in clauses else ""
    return PolicyFit(
        version=policy.number,
        around_the_clock=answers.get("response_basis") == "around_the_clock",
        weekdays_only=answers.get("staffed_days") == "weekdays",
        window=_window(answers.get("staffed_hours")),
        clause=title,
        url=f"{policy.url}#{slugify(CLAUSE)}",
        language=language,
    )


def policy_warnings(
    organisation: Organisation,
    staffed_hours: str,
    hours_on_profile: bool,
    status: str,
    language: str,
) -> list[PolicyWarning]:
    """The warnings for one channel; a rejected or closed channel answers nobody, so has none."""
    if status in ("rejected", "closed"):
        return []
    fit = policy_fit(organisation, language)
    return fit.check(staffed_hours, hours_on_profile) if fit else []
