"""What actionplan plugs in (menu entries, start-page panels, overview sections)."""
