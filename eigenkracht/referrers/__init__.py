"""The referrer's personal link: an external referrer writes the bottom lines, reads the
presented plan and records the decision, without an account (docs/referrers.md)."""
