"""Private message threads on needs, offer requests, matches and joint procurements."""
