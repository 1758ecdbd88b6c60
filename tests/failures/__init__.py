"""What a user notices when something the app depends on breaks (issue #10, point 4)."""
