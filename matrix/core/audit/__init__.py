"""The policy check: warnings an operations lead should act on, grouped by kind."""
