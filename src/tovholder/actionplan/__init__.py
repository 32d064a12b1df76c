"""The psychiatry policy's action plan (issue 17.4)."""
