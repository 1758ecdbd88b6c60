"""Cases: referral, client, central question, bottom lines, consent, staff."""
