"""Database: the one Piccolo engine, the embedded server, transactions and migrations.

Piccolo finds its engine through the ``PICCOLO_CONF`` module; point it at ours before any
table module is imported (a table resolves its engine once, on first use).
"""

import os

os.environ.setdefault("PICCOLO_CONF", "portal.db.piccolo_conf")
