"""What portal plugs in (menu entries, start-page panels, overview sections)."""
