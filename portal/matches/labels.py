"""What people read for the words of matching: statuses, criteria, failed constraints."""

from __future__ import annotations

from portal.i18n import gettext as _
from portal.matches.status import MatchStatus
from portal.matching.criteria import Criterion
from portal.matching.schemas import Constraint, Failure


def status_labels() -> dict[str, str]:
    return {
        MatchStatus.proposed: _("Föreslagen"),
        MatchStatus.accepted: _("Accepterad"),
        MatchStatus.declined: _("Avböjd"),
        MatchStatus.in_progress: _("Pågår"),
        MatchStatus.completed: _("Slutförd"),
        MatchStatus.cancelled: _("Avbruten"),
    }


def criterion_labels() -> dict[str, str]:
    return {
        Criterion.wished_skills: _("Önskade kompetenser"),
        Criterion.language_level: _("Språknivå över kravet"),
        Criterion.capacity_fit: _("Tid eller mängd som räcker"),
        Criterion.distance: _("Avstånd"),
        Criterion.deadline_slack: _("Marginal till sista dag"),
        Criterion.cross_municipality: _("Samarbete över kommungränsen"),
        Criterion.track_record: _("Slutförda uppdrag utan avbrott"),
    }


def criterion_explanations() -> dict[str, str]:
    """The scoring page's plain-language account of each criterion."""
    return {
        Criterion.wished_skills: _(
            "Andelen av behovets önskade (inte krävda) kompetenser som experten har."
        ),
        Criterion.language_level: _(
            "Hur långt över den krävda nivån expertens språkkunskaper ligger. Kräver behovet "
            "modersmålsnivå ger kriteriet full poäng till alla som klarar kravet."
        ),
        Criterion.capacity_fit: _(
            "Hur stor del av behovets uppskattade timmar experten har ledigt de närmaste fyra "
            "veckorna, eller hur stor del av den efterfrågade mängden ett erbjudande räcker till."
        ),
        Criterion.distance: _(
            "Närmare ger fler poäng. Arbete på plats räknas mot expertens reseradie; arbete på "
            "distans ger full poäng."
        ),
        Criterion.deadline_slack: _(
            "Tiden mellan att experten kan börja och behovets sista dag. Åtta veckor eller mer "
            "ger full poäng."
        ),
        Criterion.cross_municipality: _(
            "Full poäng när hjälpen går över kommungränsen, eftersom det är så länets "
            "bibliotek delar på kompetensen."
        ),
        Criterion.track_record: _(
            "Slutförda uppdrag jämfört med avbrutna. En ny expert börjar på halva poängen."
        ),
    }


def failure_message(failure: Failure) -> str:
    messages = {
        Constraint.language: _("Saknar språket på krävd nivå (%(detail)s)."),
        Constraint.script: _("Saknar skriftsystem (%(detail)s)."),
        Constraint.skill: _("Saknar krävd kompetens (%(detail)s)."),
        Constraint.availability: _("Inte tillgänglig i tid (%(detail)s)."),
        Constraint.work_mode: _("Arbetar inte på plats, men behovet kräver det."),
        Constraint.distance: _("För långt bort (%(detail)s km)."),
        Constraint.capacity: _("Har ingen ledig tid kvar."),
        Constraint.category: _("Fel kategori (%(detail)s)."),
        Constraint.quantity: _("För liten mängd kvar (%(detail)s)."),
        Constraint.kind: _("Passar inte den här sortens behov."),
    }
    return messages[failure.constraint] % {"detail": failure.detail}
