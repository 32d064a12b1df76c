"""Money against appropriations: budget follow-up (issue 17.2)."""
