"""The citizen's own Tovholder (issue 18)."""
