"""The JSON API under /api/v1: bearer tokens, cases, the map, plans and action updates."""
