"""Flask extensions, created unbound and bound in the factory."""
from __future__ import annotations

from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import CSRFProtect
from htmx_flask import Htmx

# HTML and JSON answers compressed as the browser accepts (static files come pre-compressed).
compress = Compress()
csrf = CSRFProtect()
htmx = Htmx()
# No default limit: only the routes that need one (login, suggestions) declare it.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
