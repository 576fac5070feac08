"""Names people read for the words of the resource exchange."""

from __future__ import annotations

from portal.i18n import gettext as _
from portal.offers.kinds import Category, Delivery, OfferStatus, RequestStatus, Terms


def category_labels() -> dict[str, str]:
    return {
        Category.competence: _("Kompetens"),
        Category.staff_time: _("Personaltid"),
        Category.equipment: _("Utrustning"),
        Category.collection: _("Medier och depositioner"),
        Category.licence: _("Licenser"),
        Category.space: _("Lokaler"),
        Category.transport: _("Transport"),
        Category.other: _("Övrigt"),
    }


def terms_labels() -> dict[str, str]:
    return {
        Terms.free: _("Gratis"),
        Terms.loan: _("Lån"),
        Terms.cost_sharing: _("Kostnadsdelning"),
    }


def delivery_labels() -> dict[str, str]:
    return {
        Delivery.pickup: _("Hämtas"),
        Delivery.delivery: _("Levereras"),
        Delivery.either: _("Hämtas eller levereras"),
    }


def status_labels() -> dict[str, str]:
    return {
        OfferStatus.draft: _("Utkast"),
        OfferStatus.published: _("Publicerat"),
        OfferStatus.reserved: _("Reserverat"),
        OfferStatus.given: _("Överlämnat"),
        OfferStatus.withdrawn: _("Tillbakadraget"),
        OfferStatus.expired: _("Utgånget"),
    }


def request_status_labels() -> dict[str, str]:
    return {
        RequestStatus.pending: _("Väntar på svar"),
        RequestStatus.accepted: _("Beviljad"),
        RequestStatus.declined: _("Avböjd"),
        RequestStatus.cancelled: _("Återtagen"),
    }
