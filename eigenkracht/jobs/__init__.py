"""Job coaches: a jobseeker's goals, contacts with their network, and progress over months."""
