"""Settings for the test suite: the production settings with fast hashing and eager tasks."""

import os

os.environ["TANDEM_TESTING"] = "1"
os.environ.setdefault("EMAIL_URL", "locmem://")

from tandem.config.settings import *  # noqa: F403
