"""The studio's day on the panel: each room's bookings, the booking editor, clients and calendars."""
