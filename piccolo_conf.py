"""Lets the ``piccolo`` command line find the portal's app when run from the repository root."""

import os

os.environ.setdefault("PICCOLO_CONF", "portal.db.piccolo_conf")

from portal.db.piccolo_conf import APP_REGISTRY, DB

__all__ = ["APP_REGISTRY", "DB"]
