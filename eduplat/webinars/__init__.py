"""Webinar schedules: timezone-correct model, calendar feeds, Atom, schema.org events."""
