"""The owner's history of finished sessions: filters, totals and a CSV export."""
