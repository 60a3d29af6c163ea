"""Scheduling: when a schedule fires (recurrence, timezones), schedules and deliveries as values,
what an uninstall does to them, and the /prep schedule commands."""
