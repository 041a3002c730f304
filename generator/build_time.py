"""The build time fixed by the environment (SOURCE_DATE_EPOCH, of reproducible builds), checked in one place.

`render` derives the build date from it (`freshness.build_date`) and MkDocs reads it for its own
dates, so `validate`, `render`, `build` and the MkDocs hook refuse a value that is not a time with
one message naming the variable, rather than a traceback or a failure inside MkDocs.
"""

from __future__ import annotations

import os

from .site_address import shown

#: The environment variable of reproducible builds that fixes the build time (MkDocs reads it too).
EPOCH_ENV = "SOURCE_DATE_EPOCH"
#: The last second a date can hold (9999-12-31 23:59:59 UTC).
MAX_EPOCH = 253_402_300_799


class BuildDateError(ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a build time."""


def epoch_from_env() -> int | None:
    """SOURCE_DATE_EPOCH in seconds (None when unset or empty); BuildDateError when it is not a time."""
    text = os.environ.get(EPOCH_ENV, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_EPOCH:
        raise BuildDateError(
            f"{EPOCH_ENV}: '{shown(text)}' is not a build time; expected whole seconds since 1970-01-01 UTC "
            f"as digits, at most {MAX_EPOCH} (the end of the year 9999), such as 1764000000"
        )
    return int(text)
