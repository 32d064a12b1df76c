"""Moving in from the incumbent system (issue 19.5)."""
