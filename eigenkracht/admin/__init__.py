"""Administration: the organisation's users."""
