"""Every write of fagopplæringen. One function per state change: it checks the permission and the county, changes
the rows, and writes its ``Hendelse`` (and simple_history) in the same transaction (docs/fagopplaering/)."""
