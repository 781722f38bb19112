"""Sends what the tracker knows: reminders to schools, digests to district staff, acknowledgements."""
