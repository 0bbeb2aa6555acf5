"""Schedules against the clock: who is on shift, SLA deadlines, the off-shift rule, weekly coverage."""
