"""Hostile input and headers: generated input to every form and API endpoint, injection
probes, oversized bodies, and the security headers of every page (issue #10, point 3)."""
