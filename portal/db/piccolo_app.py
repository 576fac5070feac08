"""The one Piccolo app: every feature's tables, migrations in the top-level ``migrations/``."""

from piccolo.conf.apps import AppConfig, table_finder

from portal.paths import MIGRATIONS_DIR

FEATURE_TABLE_MODULES = [
    "portal.organisations.tables",
    "portal.accounts.tables",
    "portal.audit.tables",
    "portal.vocabularies.tables",
    "portal.experts.tables",
    "portal.needs.tables",
    "portal.procurements.tables",
    "portal.offers.tables",
    "portal.matches.tables",
    "portal.notifications.tables",
    "portal.messages.tables",
    "portal.saved_searches.tables",
]

APP_CONFIG = AppConfig(
    app_name="portal",
    migrations_folder_path=str(MIGRATIONS_DIR),
    table_classes=table_finder(modules=FEATURE_TABLE_MODULES, exclude_imported=True),
    migration_dependencies=[],
    commands=[],
)
