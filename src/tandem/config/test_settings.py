"""Settings for the test suite: the production settings with fast hashing and eager tasks."""

import os

os.environ["TANDEM_TESTING"] = "1"
os.environ.setdefault("EMAIL_URL", "locmem://")

from tandem.config.settings import *  # noqa: F403

# The suite's demo organisation shows its logins like `make run` does; tests of the other
# case turn it off.
DEMO_MODE = True
