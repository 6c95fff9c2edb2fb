"""The owner's calendar feeds screen: the studio's booking calendars, their state, the rules and a preview."""
