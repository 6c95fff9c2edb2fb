"""The studio's day without Qt: bookings and their preheat, clients' preferences, calendar feeds."""
