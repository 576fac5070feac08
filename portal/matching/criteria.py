"""The named criteria of the score and their default weights.

Weights are data (kept in the database and shown on the scoring page); these are the values a
fresh installation starts with. They need not sum to 100: the score scales them so that a
provider who meets every applicable criterion in full gets 100.
"""

from __future__ import annotations

import enum


class Criterion(enum.StrEnum):
    wished_skills = "wished_skills"  # share of the wished skills the provider has
    language_level = "language_level"  # how far above the required level
    capacity_fit = "capacity_fit"  # free hours (or quantity) against what the need asks
    distance = "distance"  # nearer is better, counted against the travel radius
    deadline_slack = "deadline_slack"  # time between the provider's start and the deadline
    cross_municipality = "cross_municipality"  # help across municipal borders
    track_record = "track_record"  # completed work without cancellations


DEFAULT_WEIGHTS: dict[str, float] = {
    Criterion.wished_skills: 20,
    Criterion.language_level: 15,
    Criterion.capacity_fit: 20,
    Criterion.distance: 10,
    Criterion.deadline_slack: 10,
    Criterion.cross_municipality: 10,
    Criterion.track_record: 15,
}

# Capacity is counted over this many weeks when nothing else says how long: an expert with
# 5 hours a week has room for 20 hours of accepted work at a time.
DEFAULT_HORIZON_WEEKS = 4

# Slack before the deadline stops adding points after eight weeks.
FULL_SLACK_DAYS = 56

# Resource needs that name no distance count distance against this radius.
DEFAULT_RESOURCE_RADIUS_KM = 100.0


def room(capacity_hours_per_week: float, reserved_hours: float, weeks: float) -> float:
    """Hours an expert can still take on within ``weeks``."""
    return max(0.0, capacity_hours_per_week * weeks - reserved_hours)
