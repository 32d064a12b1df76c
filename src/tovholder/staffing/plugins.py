"""What staffing plugs in (menu entries, start-page panels, overview sections)."""
