"""What Piccolo's machinery (migrations, table discovery) reads as ``PICCOLO_CONF``."""

from piccolo.conf.apps import AppRegistry

from portal.db.engine import DB

APP_REGISTRY = AppRegistry(apps=["portal.db.piccolo_app"])

__all__ = ["APP_REGISTRY", "DB"]
