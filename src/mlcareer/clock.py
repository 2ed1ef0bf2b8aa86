"""The one clock: every timestamp the tool writes comes from here.

SOURCE_DATE_EPOCH (the reproducible-builds convention) pins it, so scripts and tests get
the same report, progress file and schedule for the same input.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from mlcareer.errors import MlcareerError

EPOCH_ENV = "SOURCE_DATE_EPOCH"


def now() -> datetime:
    """The current moment in UTC, to the second; SOURCE_DATE_EPOCH pins it."""
    pinned = os.environ.get(EPOCH_ENV)
    if pinned:
        try:
            moment = datetime.fromtimestamp(int(pinned), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise MlcareerError(
                f"{EPOCH_ENV}={pinned!r} is not a Unix time in seconds: unset it or fix it"
            ) from None
    else:
        moment = datetime.now(timezone.utc)
    return moment.replace(microsecond=0)


def now_iso() -> str:
    """The current moment as UTC ISO 8601 with a Z, e.g. 2026-11-26T09:30:00Z."""
    return now().isoformat().replace("+00:00", "Z")


def today() -> date:
    """Today's date in UTC (the same day as ``now``)."""
    return now().date()


def moment_of(timestamp: str) -> datetime:
    """An ISO 8601 timestamp as an aware datetime (naive ones are taken as UTC); raises
    ValueError when it is not one."""
    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
