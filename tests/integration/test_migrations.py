"""The tables in code, the migrations and the database must agree."""

from __future__ import annotations

import pytest
from piccolo.apps.migrations.commands.new import AutoMigrationManager

from portal.db.engine import DB
from portal.db.generated import GENERATED_COLUMNS
from portal.db.piccolo_app import APP_CONFIG
from portal.db.transactions import atomic

pytestmark = pytest.mark.usefixtures("db")


async def test_migrations_describe_every_table_and_column():
    statements = await AutoMigrationManager(auto_input="y").get_alter_statements(
        app_config=APP_CONFIG
    )
    pending = [s for group in statements for s in group.statements]
    assert pending == [], (
        "Tables and migrations disagree; run `piccolo migrations new portal --auto`:\n"
        + "\n".join(pending)
    )


async def test_database_columns_match_the_tables():
    rows = await DB.run_ddl(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public'"
    )
    in_database: dict[str, set[str]] = {}
    for row in rows:
        in_database.setdefault(row["table_name"], set()).add(row["column_name"])
    for table in APP_CONFIG.table_classes:
        expected = {column._meta.db_column_name for column in table._meta.columns}
        expected |= GENERATED_COLUMNS.get(table._meta.tablename, frozenset())
        assert in_database.get(table._meta.tablename) == expected, table._meta.tablename


async def test_constraints_reject_bad_rows():
    import asyncpg

    from portal.organisations.tables import Organisation

    with pytest.raises(asyncpg.CheckViolationError):
        async with atomic():
            await DB.run_ddl(
                "INSERT INTO organisation (code, name, kind, county_code, locality) "
                "VALUES ('x', 'X', 'planet', '01', '')"
            )
    assert not await Organisation.exists().where(Organisation.code == "x")
