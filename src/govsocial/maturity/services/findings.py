"""What the scorecard says about a set of answers: scores per theme, recommendations,
and contradictions with the published policy and the channel register.

Other apps are read only through their contracts: the policy through
`policies.services.published_policy`, the register through the "channels" facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from govsocial.core import registry
from govsocial.core.models import Organisation
from govsocial.policies import services as policies

from .. import rules, scoring
from ..content import HOUSE_RULES, Alternative, Content, Recommendation
from .answers import content

SOURCE_LABELS = {
    "q": gettext_lazy("This assessment"),
    "policy": gettext_lazy("Your published policy"),
    "channels": gettext_lazy("Your channel register"),
    "insights": gettext_lazy("What your channels did (insights from the archive)"),
}
HOUSE_RULES_TITLE = gettext_lazy("House rules for the public")
# Where a recommendation's or contradiction's next step is done (the rule's `link`).
LINK_LABELS = {
    "policies:index": gettext_lazy("Open the policy builder"),
    "channels:index": gettext_lazy("Open the channel register"),
    "training:index": gettext_lazy("Open the training"),
    "maturity:index": gettext_lazy("Open the self-assessment"),
    "insights:index": gettext_lazy("Open insights"),
}


def external_facts(
    organisation: Organisation | None, policy: policies.PublishedPolicy | None | bool = True
) -> dict[str, Any]:
    """The organisation's published policy answers and channel register counts, as facts.

    `policy`: the published policy when the caller has read it already (None: none is
    published); True reads it here.
    """
    facts: dict[str, Any] = {}
    if organisation is None:
        return facts
    if policy is True:
        policy = policies.published_policy(organisation)
    assert policy is not True
    facts["policy.published"] = policy is not None
    for key, value in (policy.answers if policy else {}).items():
        facts[f"policy.{key}"] = value
    for key, value in registry.facts("channels", organisation).items():
        facts[f"channels.{key}"] = value
    if "insights" in registry.fact_sources():
        facts.update(insights_evidence(registry.facts("insights", organisation)))
    return facts


def _share(value: Any) -> int | None:
    return round(value) if isinstance(value, int | float) else None


def _or_dash(value: Any) -> Any:
    return "–" if value is None else value


def insights_evidence(found: Mapping[str, Any]) -> dict[str, Any]:
    """Last month's practice as flat facts: the organisation's figures, and the channel
    that answers fewest questions within the promise and the one that broadcasts most,
    so a contradiction names the channel, the month and the figure."""
    month = str(found.get("month") or "")
    if len(month) != 7 or not month[:4].isdigit() or not month[5:].isdigit():
        return {}
    facts: dict[str, Any] = {
        "insights.month": date(int(month[:4]), int(month[5:]), 1),
        "insights.promise_hours": _or_dash(found.get("promise_staffed_hours")),
        "insights.questions": found.get("questions") or 0,
        "insights.within_promise_share": _share(found.get("within_promise_share")),
        "insights.median_working_days": _or_dash(found.get("median_working_days")),
        "insights.unanswered_past_promise": found.get("unanswered_past_promise") or 0,
        "insights.broadcast_share": _share(found.get("broadcast_share")),
        "insights.channel": "–",
        "insights.channel_questions": 0,
        "insights.channel_within_promise_share": "–",
        "insights.broadcast_channel": "–",
        "insights.broadcast_channel_share": "–",
    }
    channels = list((found.get("channels") or {}).values())
    answering = [c for c in channels if c.get("within_promise_share") is not None]
    if answering:
        worst = min(answering, key=lambda c: (c["within_promise_share"], -c["questions"]))
        facts["insights.channel"] = worst["name"]
        facts["insights.channel_questions"] = worst["questions"]
        facts["insights.channel_within_promise_share"] = _share(worst["within_promise_share"])
    broadcasting = [c for c in channels if c.get("broadcast_share") is not None]
    if broadcasting:
        most = max(broadcasting, key=lambda c: (c["broadcast_share"], c["posts"]))
        facts["insights.broadcast_channel"] = most["name"]
        facts["insights.broadcast_channel_share"] = _share(most["broadcast_share"])
    return facts


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _stage_dict(number: int | None, language: str) -> dict | None:
    stage = content().stage(number)
    if stage is None:
        return None
    return {
        "number": stage.number,
        "name": stage.name.get(language),
        "description": stage.description.get(language),
    }


def _side(alternative: Alternative, source: str, language: str, facts: Mapping[str, Any]) -> dict:
    side = {
        "text": rules.fill(alternative.text, language, facts),
        "source": source,
        "source_label": str(SOURCE_LABELS[source]),
        "url": "",
    }
    month = facts.get("insights.month")
    if source == "insights" and isinstance(month, date):
        side["url"] = _url("insights:index") + f"?month={month:%Y-%m}"
    return side


def dont_know_share(dont_know: int, questions: int) -> int:
    """The share of a theme's questions answered "don't know", as a whole percentage."""
    return round(100 * dont_know / questions) if questions else 0


def _dont_know_text(dont_know: int, questions: int, language: str) -> str:
    """E.g. "2 of 10 (20%)": shown beside each theme's score."""
    with translation.override(language):
        return _("%(count)s of %(total)s (%(share)s%%)") % {
            "count": dont_know,
            "total": questions,
            "share": dont_know_share(dont_know, questions),
        }


def dont_know_explanation(total: int, respondents: int | None, language: str) -> str:
    """Why "don't know" matters, in the right number for the questions and the respondents."""
    with translation.override(language):
        questions = ngettext(
            "%(count)s question was answered with “Don't know”.",
            "%(count)s questions were answered with “Don't know”.",
            total,
        ) % {"count": total}
        if respondents is None:
            who = ngettext(
                "That is a finding: these answers could not describe this practice.",
                "That is a finding: these answers could not describe these practices.",
                total,
            )
        elif respondents == 1:
            who = ngettext(
                "That is a finding: the respondent could not describe this practice.",
                "That is a finding: the respondent could not describe these practices.",
                total,
            )
        else:
            who = ngettext(
                "That is a finding: none of the %(respondents)s respondents could describe "
                "this practice.",
                "That is a finding: none of the %(respondents)s respondents could describe "
                "these practices.",
                total,
            ) % {"respondents": respondents}
        scored = _(
            "Each “Don't know” counts as the lowest level in its theme's score, so not knowing "
            "never raises a score."
        )
    return f"{questions} {who} {scored}"


def _theme_rows(result: dict, c: Content, language: str) -> list[dict]:
    themes = []
    for theme in c.themes:
        data = result["themes"][theme.id]
        themes.append(
            {
                "id": theme.id,
                "name": theme.name.get(language),
                "description": theme.description.get(language),
                "score": data["score"],
                "stage": _stage_dict(data["stage"], language),
                "answered": data["answered"],
                "dont_know": data["dont_know"],
                "dont_know_share": dont_know_share(data["dont_know"], data["questions"]),
                "dont_know_text": _dont_know_text(data["dont_know"], data["questions"], language),
                "questions": data["questions"],
                "unanswered": data["unanswered"],
                "dont_know_questions": [
                    {"id": qid, "text": c.questions[qid].text.get(language)}
                    for qid in data["dont_know_questions"]
                ],
            }
        )
    return themes


def _stage_text(number: int, c: Content, language: str) -> str:
    """Which stage's work a recommendation belongs to, e.g. "A step of stage 1: Experimenting"."""
    stage = c.stage(number)
    with translation.override(language):
        return _("A step of stage %(number)s: %(name)s") % {
            "number": number,
            "name": stage.name.get(language) if stage else "",
        }


class _Clauses:
    """The published policy's clauses, read only when a rule asks (a page that needs
    none reads no policy text)."""

    def __init__(self, policy: policies.PublishedPolicy | None, language: str) -> None:
        self.policy, self.language = policy, language
        self._found: dict[str, policies.PublishedClause] | None = None

    def _all(self) -> dict[str, policies.PublishedClause]:
        if self._found is None:
            self._found = self.policy.clauses(self.language) if self.policy else {}
        return self._found

    def __contains__(self, clause: object) -> bool:
        return clause in self._all()

    def __getitem__(self, clause: str) -> policies.PublishedClause:
        return self._all()[clause]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _in_place(
    rule: Recommendation,
    facts: Mapping[str, Any],
    policy: policies.PublishedPolicy | None,
    clauses: Mapping[str, policies.PublishedClause] | _Clauses,
    language: str,
) -> dict:
    """What to do when the policy or the register already holds what `rule` asks for:
    the rule's text, and a link to the clause of the published policy that holds it."""
    found = rule.in_place
    assert found is not None
    with translation.override(language):
        values: dict[str, Any] = dict(facts)
        values["version"] = policy.number if policy else facts.get("policy.version", "")
        review_due = policy.review_due if policy else None
        values["review_due"] = formats.date_format(review_due, "j F Y") if review_due else ""
        url, label = _url(rule.link), str(LINK_LABELS[rule.link])
        if found.clause == HOUSE_RULES:
            values["clause"] = str(HOUSE_RULES_TITLE)
        elif found.clause:
            title = clauses[found.clause].title if found.clause in clauses else found.clause
            values["clause"] = title
        if policy is not None and (found.clause or _names_policy(found.when)):
            url = policy.url
            if found.clause == HOUSE_RULES:
                url += "?doc=house_rules"
            elif found.clause:
                url += f"#{slugify(found.clause)}"
            label = (
                _("Read “%(clause)s” in policy version %(version)s")
                % {"clause": values["clause"], "version": policy.number}
                if found.clause
                else _("Read policy version %(version)s") % {"version": policy.number}
            )
    return {"text": rules.fill(found.text, language, values), "url": url, "label": label}


def _names_policy(cond: Mapping) -> bool:
    parts = cond.get("all") or cond.get("any")
    if parts:
        return any(_names_policy(c) for c in parts)
    return str(cond.get("fact", "")).startswith("policy.")


def _recommendations(
    answers: Mapping[str, Any],
    result: dict,
    c: Content,
    language: str,
    facts: Mapping[str, Any],
    policy: policies.PublishedPolicy | None,
) -> list[dict]:
    found = []
    clauses = _Clauses(policy, language)
    known = clauses if policy is not None else None
    for rule in rules.recommendations(answers, result, c, facts=facts, clauses=known):
        in_place = rules.is_in_place(rule, facts, known)
        values = rules.recommendation_values(rule, result, c, language)
        found.append(
            {
                "id": rule.id,
                "stage": rule.stage,
                "stage_text": _stage_text(rule.stage, c, language),
                "impact": rule.impact,
                "title": rules.fill(rule.title, language, values),
                "why": rules.fill(rule.why, language, values),
                "next_step": rules.fill(rule.next_step, language, values),
                "link": rule.link,
                "link_label": str(LINK_LABELS[rule.link]),
                "url": _url(rule.link),
                "in_place": _in_place(rule, facts, policy, clauses, language) if in_place else None,
            }
        )
    return found


def _contradictions(facts: Mapping[str, Any], c: Content, language: str) -> list[dict]:
    found = []
    with translation.override(language):
        for item in rules.contradictions(facts, c):
            rule = item["rule"]
            found.append(
                {
                    "id": rule.id,
                    "claim": _side(item["claim"], item["claim_source"], language, facts),
                    "conflict": _side(item["conflict"], item["conflict_source"], language, facts),
                    "claims": [_side(a, source, language, facts) for a, source in item["claims"]],
                    "conflicts": [
                        _side(a, source, language, facts) for a, source in item["conflicts"]
                    ],
                    "what_to_do": rule.what_to_do.get(language),
                    "link": rule.link,
                    "link_label": str(LINK_LABELS[rule.link]),
                    "url": _url(rule.link),
                }
            )
    return found


def _summary_texts(themes: list[dict], result: dict, c: Content, language: str) -> tuple[str, str]:
    """How many questions were answered, and which themes have no score and why."""
    with translation.override(language):
        answered = sum(t["answered"] + t["dont_know"] for t in themes)
        answered_text = _(
            "%(answered)s of %(total)s questions answered, %(dont_know)s of them with “Don't know”"
        ) % {
            "answered": answered,
            "total": len(c.questions),
            "dont_know": result["dont_know_total"],
        }
        unscored_text = ""
        unscored = [t["name"] for t in themes if t["score"] is None]
        if unscored:
            unscored_text = _(
                "No score for %(themes)s: a theme is scored once at least %(min)s of its questions "
                "are answered (“Don't know” counts as the lowest level), and the overall stage "
                "once every theme is scored."
            ) % {"themes": ", ".join(unscored), "min": scoring.MIN_LEVELS_PER_THEME}
    return answered_text, unscored_text


def report(
    answers: Mapping[str, Any],
    language: str,
    organisation: Organisation | None = None,
    facts: Mapping[str, Any] | None = None,
    respondents: int | None = None,
) -> dict:
    """Everything the scorecard says about `answers`, in `language`, as plain values.

    `facts` overrides the facts from other apps (the command line passes none).
    `respondents` is how many people answered (None when unknown, as on the command line).
    """
    c = content()
    result = scoring.score(answers, c)
    all_facts = rules.assessment_facts(answers)
    policy = None
    if facts is None and organisation is not None:
        policy = policies.published_policy(organisation)
    all_facts.update(external_facts(organisation, policy) if facts is None else facts)
    themes = _theme_rows(result, c, language)
    answered_text, unscored_text = _summary_texts(themes, result, c, language)
    return {
        "language": language,
        "answered_text": answered_text,
        "unscored_text": unscored_text,
        "themes": themes,
        "overall": {
            "score": result["overall"]["score"],
            "stage": _stage_dict(result["overall"]["stage"], language),
        },
        "dont_know_total": result["dont_know_total"],
        "dont_know_text": dont_know_explanation(result["dont_know_total"], respondents, language),
        "respondents": respondents,
        "answered_total": sum(t["answered"] for t in themes),
        "question_total": len(c.questions),
        "recommendations": _recommendations(answers, result, c, language, all_facts, policy),
        "contradictions": _contradictions(all_facts, c, language),
    }
