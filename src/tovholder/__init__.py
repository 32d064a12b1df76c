"""Tovholder: socialpsykiatri for danske kommuner."""
