"""What housing plugs in (menu, start-page panels, the citizen overview's section, capacity usage)."""
