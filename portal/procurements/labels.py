"""Names people read for phases, categories, participation statuses and thresholds."""

from __future__ import annotations

from portal.i18n import gettext as _
from portal.procurements.phases import Category, ParticipationStatus, Phase


def phase_labels() -> dict[str, str]:
    return {
        Phase.idea: _("Idé"),
        Phase.interest: _("Intresseanmälan"),
        Phase.preparation: _("Förberedelse"),
        Phase.tendering: _("Annonserad"),
        Phase.evaluation: _("Utvärdering"),
        Phase.awarded: _("Tilldelad"),
        Phase.contract_active: _("Avtal gäller"),
        Phase.closed: _("Avslutad"),
        Phase.cancelled: _("Avbruten"),
    }


def move_labels() -> dict[str, str]:
    """What the button that moves a procurement into a phase says."""
    return {
        Phase.interest: _("Öppna för intresseanmälan"),
        Phase.preparation: _("Gå vidare till förberedelse"),
        Phase.tendering: _("Markera som annonserad"),
        Phase.evaluation: _("Gå vidare till utvärdering"),
        Phase.awarded: _("Markera som tilldelad"),
        Phase.contract_active: _("Markera att avtalet gäller"),
        Phase.closed: _("Avsluta upphandlingen"),
        Phase.cancelled: _("Avbryt upphandlingen"),
    }


def category_labels() -> dict[str, str]:
    return {
        Category.media_supply: _("Medieförsörjning"),
        Category.e_media: _("E-medier"),
        Category.library_system: _("Bibliotekssystem"),
        Category.web_platform: _("Webbplattform"),
        Category.rfid_self_service: _("RFID och självbetjäning"),
        Category.furniture_equipment: _("Möbler och utrustning"),
        Category.cataloguing_services: _("Katalogiseringstjänster"),
        Category.transport: _("Transporter"),
        Category.other: _("Övrigt"),
    }


def participation_labels() -> dict[str, str]:
    return {
        ParticipationStatus.interested: _("Intresserad"),
        ParticipationStatus.committed: _("Deltar"),
        ParticipationStatus.withdrawn: _("Har dragit sig ur"),
    }


def threshold_labels() -> dict[str, str]:
    return {
        "direct_award": _("Direktupphandlingsgräns"),
        "eu_sub_central": _("EU:s tröskelvärde för kommuner och regioner (varor och tjänster)"),
    }
