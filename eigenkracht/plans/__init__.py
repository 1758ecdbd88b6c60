"""The family plan: actions, the referrer's decision, versions and follow-up."""
