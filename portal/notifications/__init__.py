"""Notifications: what concerns a person, in the portal and by e-mail (at once or in digests)."""
