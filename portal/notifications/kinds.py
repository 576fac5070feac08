"""The kinds of event that notify, and how often a person wants mail about each."""

from __future__ import annotations

import enum

from portal.i18n import gettext as _


class Kind(enum.StrEnum):
    match_proposed = "match_proposed"
    match_accepted = "match_accepted"
    match_declined = "match_declined"
    match_completed = "match_completed"
    match_cancelled = "match_cancelled"
    offer_request = "offer_request"
    offer_request_answered = "offer_request_answered"
    procurement_phase = "procurement_phase"
    procurement_deadline = "procurement_deadline"
    message = "message"
    saved_search = "saved_search"


class Frequency(enum.StrEnum):
    immediately = "immediately"
    daily = "daily"
    weekly = "weekly"
    never = "never"


# What a person gets until they choose otherwise: what needs an answer comes at once.
DEFAULT_FREQUENCY: dict[Kind, Frequency] = {
    Kind.match_proposed: Frequency.immediately,
    Kind.match_accepted: Frequency.immediately,
    Kind.match_declined: Frequency.immediately,
    Kind.match_completed: Frequency.daily,
    Kind.match_cancelled: Frequency.immediately,
    Kind.offer_request: Frequency.immediately,
    Kind.offer_request_answered: Frequency.immediately,
    Kind.procurement_phase: Frequency.daily,
    Kind.procurement_deadline: Frequency.immediately,
    Kind.message: Frequency.immediately,
    Kind.saved_search: Frequency.daily,
}


def kind_labels() -> dict[str, str]:
    return {
        Kind.match_proposed: _("Förslag till mig eller min organisation"),
        Kind.match_accepted: _("Ett förslag har accepterats"),
        Kind.match_declined: _("Ett förslag har avböjts"),
        Kind.match_completed: _("Ett uppdrag är slutfört"),
        Kind.match_cancelled: _("Ett uppdrag har avbrutits"),
        Kind.offer_request: _("Ny förfrågan på min organisations erbjudande"),
        Kind.offer_request_answered: _("Svar på min organisations förfrågan"),
        Kind.procurement_phase: _("En upphandling vi deltar i byter fas"),
        Kind.procurement_deadline: _("Intressedatum närmar sig"),
        Kind.message: _("Nytt meddelande i en tråd jag deltar i"),
        Kind.saved_search: _("Nya träffar på mina sparade sökningar"),
    }


def frequency_labels() -> dict[str, str]:
    return {
        Frequency.immediately: _("Direkt"),
        Frequency.daily: _("Daglig sammanfattning"),
        Frequency.weekly: _("Veckosammanfattning"),
        Frequency.never: _("Aldrig"),
    }
