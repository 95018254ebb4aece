"""The embedded default: one machine, no services (SQLite, local media, immediate tasks)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.flag("DEBUG", True)
# A fixed key for local development only; production.py refuses to start without its own.
SECRET_KEY = env.text("SECRET_KEY", "dev-only-not-secret-5b1f0c1e8c2d4f7aa0b6")
