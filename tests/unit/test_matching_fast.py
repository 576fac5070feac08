"""The column-wise scorer must give exactly the pairs and scores of the scalar code."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.matching import constraints, fast, scoring
from portal.matching.criteria import DEFAULT_WEIGHTS
from portal.matching.schemas import ExpertSpec, LanguageNeed, NeedSpec, Place

TODAY = date(2026, 12, 3)
PLACES = [
    Place("0127", 59.20, 17.83),
    Place("0180", 59.33, 18.07),
    Place("0188", 59.76, 18.70),
    Place("0181", 59.20, 17.63),
]
LANGUAGES = ["tir", "som", "ara"]
LEVELS = ["basic", "good", "fluent", "native"]
SKILLS = ["marc21", "rda", "dewey", "libris-xl"]
SCRIPTS = ["Ethi", "Latn", "Arab"]

days = st.integers(min_value=-30, max_value=120).map(lambda n: TODAY + timedelta(days=n))
places = st.one_of(st.none(), st.sampled_from(PLACES))

experts = st.builds(
    ExpertSpec,
    id=st.integers(min_value=1, max_value=10_000),
    languages=st.dictionaries(st.sampled_from(LANGUAGES), st.sampled_from(LEVELS), max_size=3),
    scripts=st.frozensets(st.sampled_from(SCRIPTS)),
    skills=st.frozensets(st.sampled_from(SKILLS)),
    capacity_hours_per_week=st.sampled_from([0.0, 0.5, 1.0, 2.5, 5.0, 8.0]),
    reserved_hours=st.sampled_from([0.0, 2.0, 7.5, 20.0]),
    available_from=st.one_of(st.none(), days),
    available_until=st.one_of(st.none(), days),
    remote=st.booleans(),
    onsite=st.booleans(),
    travel_km=st.sampled_from([0.0, 10.0, 25.0, 60.0]),
    place=places,
    completed=st.integers(min_value=0, max_value=5),
    cancelled=st.integers(min_value=0, max_value=3),
)

needs = st.builds(
    NeedSpec,
    id=st.just(1),
    place=places,
    required_languages=st.lists(
        st.builds(LanguageNeed, st.sampled_from(LANGUAGES), st.sampled_from(LEVELS)),
        max_size=2,
        unique_by=lambda w: w.code,
    ).map(tuple),
    required_scripts=st.lists(st.sampled_from(SCRIPTS), max_size=2, unique=True).map(tuple),
    required_skills=st.lists(st.sampled_from(SKILLS), max_size=2, unique=True).map(tuple),
    wished_skills=st.lists(st.sampled_from(SKILLS), max_size=3, unique=True).map(tuple),
    estimated_hours=st.one_of(st.none(), st.sampled_from([0.25, 3.0, 7.5, 40.0])),
    deadline=st.one_of(st.none(), days),
    remote=st.booleans(),
)

weights = st.fixed_dictionaries(
    {name: st.sampled_from([0.0, 1.0, 7.5, 15.0, 33.3]) for name in DEFAULT_WEIGHTS}
)


@settings(max_examples=300, deadline=None)
@given(
    need=needs,
    pool=st.lists(experts, min_size=1, max_size=12, unique_by=lambda e: e.id),
    weights=weights,
)
def test_fast_scoring_equals_the_scalar_code(need, pool, weights):
    expected = {
        e.id: scoring.score_of(
            scoring.breakdown(scoring.expert_fractions(need, e, TODAY, 4), weights)
        )
        for e in pool
        if not constraints.expert_failures(need, e, TODAY, 4)
    }
    ids, scores = fast.score_need(need, fast.ExpertTable(pool, 4), weights, TODAY)
    assert dict(zip(ids.tolist(), scores.tolist(), strict=True)) == expected
