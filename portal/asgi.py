"""What ASGI servers import: ``uvicorn portal.asgi:app`` or ``granian --interface asgi``."""

from portal.app import create_app
from portal.db.setup import connect
from portal.settings import load_settings

_settings = load_settings()
connect(_settings)
app = create_app(_settings)
