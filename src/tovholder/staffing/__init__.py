"""The staffing plan against actual FTE (issue 17.3)."""
