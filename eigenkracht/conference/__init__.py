"""Conferences: preparation, invitations and the three phases on the day."""
