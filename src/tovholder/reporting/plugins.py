"""What reporting plugs in (menu entries, start-page panels)."""
