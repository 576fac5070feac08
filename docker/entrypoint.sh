#!/bin/sh
# Entry point of the portal image: check the settings, then run the given command.
#
#   the image's CMD     uvicorn portal.asgi:app with WEB_CONCURRENCY workers, after a check of
#                       the PORTAL_* settings
#   anything else       runs as given, e.g. `portal db migrate` or `portal seed` (the portal
#                       command checks its own settings and exits non-zero with one line)
set -eu

case "$*" in
  *uvicorn*)
    # Every uvicorn worker imports portal.asgi and would print its own traceback for a bad
    # PORTAL_* value; stop here instead with the one line that names the variable.
    python -c '
import os
import sys
from portal.settings import SettingsError, load_settings
try:
    settings = load_settings()
except SettingsError as error:
    sys.exit(f"portal: {error}")
# Without Redis, sessions live in files under the data directory.
data_dir = settings.data_dir
if not settings.redis_url and data_dir.exists() and not os.access(data_dir, os.W_OK):
    sys.exit(f"portal: PORTAL_DATA_DIR: {data_dir} is not writable by uid {os.getuid()}")
'
    ;;
esac

exec "$@"
