"""Where the portal's files live, built from this file rather than the working directory."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_DIR = PACKAGE_DIR.parent
TEMPLATES_DIR = ROOT_DIR / "templates"
MIGRATIONS_DIR = ROOT_DIR / "migrations"
STATIC_DIR = PACKAGE_DIR / "static"
LOCALE_DIR = PACKAGE_DIR / "locale"
DATA_DIR = PACKAGE_DIR / "data"
