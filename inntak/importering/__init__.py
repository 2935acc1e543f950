"""Bulk imports of the intake area (files from other systems); each module reads, validates all or nothing and
writes through the services."""
