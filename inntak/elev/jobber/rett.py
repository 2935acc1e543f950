"""Job types of the student register (filled in by its module)."""
