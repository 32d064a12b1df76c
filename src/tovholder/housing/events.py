"""The audit event codes of housing (see tovholder.audit.events)."""

from tovholder.audit.events import EventCode


class Event(EventCode):
    # --- stays: rehabilitating stays and acute places -------------------------------------------
    STAY_STARTED = "stay.started"
    STAY_RETURN_MOVED = "stay.return_moved"
    STAY_HOME_SUPPORT_PREPARED = "stay.home_support_prepared"
    STAY_ENDED = "stay.ended"
    # --- stays: Flex Bostøtte's shared quota ----------------------------------------------------
    QUOTA_CHANGED = "offer_quota.changed"
