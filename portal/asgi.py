"""What ASGI servers import: ``uvicorn portal.asgi:app`` or ``granian --interface asgi``."""

import sys

from portal.app import create_app
from portal.db.setup import connect
from portal.settings import SettingsError, load_settings

try:
    _settings = load_settings()
except SettingsError as error:
    # One line, not a traceback per worker.
    print(f"portal: {error}", file=sys.stderr)
    sys.exit(2)
connect(_settings)
app = create_app(_settings)
