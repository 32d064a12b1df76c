"""Statistics Denmark's monthly report on services to adults (§§ 82 a–b, 85, 103, 104, 107, 108)."""
