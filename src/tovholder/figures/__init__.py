"""The manager's figures: snapshots per day, drill-down, export (issue 17.1)."""
