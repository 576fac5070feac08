from __future__ import annotations

import pytest

from portal.accounts import services as accounts
from portal.accounts.roles import Role
from portal.audit.tables import AuditEvent
from portal.errors import Invalid, NotAllowed
from portal.i18n import use_locale
from portal.vocabularies import services
from portal.vocabularies.kinds import Level, Vocabulary
from portal.vocabularies.reference import LANGUAGE_CODES, language_names
from portal.vocabularies.schemas import TermCreate, TermUpdate
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("db")


async def test_languages_are_seeded_with_names_from_cldr():
    terms = {t.code: t for t in await services.list_terms(Vocabulary.language)}
    assert set(LANGUAGE_CODES) <= set(terms)
    assert (terms["som"].name_sv, terms["som"].name_en) == ("Somaliska", "Somali")
    assert terms["fit"].name_sv == "Meänkieli"
    assert terms["per"].name_en == "Persian"
    assert {"sme", "smj", "sma", "rom", "yid"} <= set(terms)


def test_every_reference_language_code_is_iso_639_2():
    for code in LANGUAGE_CODES:
        sv, en = language_names(code)
        assert sv and en


async def test_names_follow_the_current_language():
    with use_locale("en"):
        names = await services.names(Vocabulary.script)
    assert names["Ethi"] == "Ethiopic"
    with use_locale("sv"):
        names = await services.names(Vocabulary.script)
    assert names["Ethi"] == "Etiopiska"


async def test_skills_have_stable_slugs():
    codes = {t.code for t in await services.list_terms(Vocabulary.skill)}
    assert {"marc21", "rda", "libris-xl", "sab-kssb", "dewey", "barnamnesord", "ala-lc"} <= codes


async def test_unknown_codes_are_refused_naming_the_field():
    with pytest.raises(Invalid) as error:
        await services.check_codes(Vocabulary.language, ["som", "xyz"], "languages")
    assert "xyz" in error.value.fields["languages"]


def test_levels_are_ordered():
    assert Level.native.at_least(Level.fluent)
    assert not Level.basic.at_least(Level.good)


async def test_admin_adds_and_retires_a_term_with_audit():
    admin = await accounts.current_user_by_id(
        (await make_user(organisation="01", roles=(Role.admin,))).id
    )
    term = await services.add_term(
        admin, Vocabulary.skill, TermCreate(code="bibframe", name_sv="BIBFRAME", name_en="BIBFRAME")
    )
    assert term.code == "bibframe"
    await services.update_term(admin, Vocabulary.skill, "bibframe", TermUpdate(active=False))
    active = {t.code for t in await services.list_terms(Vocabulary.skill)}
    assert "bibframe" not in active
    with pytest.raises(Invalid):
        await services.check_codes(Vocabulary.skill, ["bibframe"], "skills")
    actions = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.entity_type == "vocabulary.skill"
    )
    assert [row["action"] for row in actions] == ["vocabulary.add", "vocabulary.update"]


async def test_only_admins_change_vocabularies():
    coordinator = await accounts.current_user_by_id(
        (await make_user(organisation="01", roles=(Role.coordinator,))).id
    )
    with pytest.raises(NotAllowed):
        await services.add_term(
            coordinator, Vocabulary.skill, TermCreate(code="x", name_sv="X", name_en="X")
        )


async def test_seeding_again_keeps_an_admins_renaming():
    admin = await accounts.current_user_by_id(
        (await make_user(organisation="01", roles=(Role.admin,))).id
    )
    await services.update_term(admin, Vocabulary.skill, "rda", TermUpdate(name_sv="RDA (regler)"))
    assert await services.seed_vocabularies() == 0
    names = await services.names(Vocabulary.skill)
    assert names["rda"] == "RDA (regler)"
