"""Start-up, caches and the running parcours: what an instance keeps in memory."""
