"""The KL FFB daily delivery: what was sent (a hash per resource)."""
