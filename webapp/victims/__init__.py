"""Victim liaison: enhanced rights, views, restorative justice and the Victims' Code contact deadlines.

The rules are in `webapp.domain.victims` (one `enhanced_rights` for the engine, these pages and the
tasks) and what changes records in `webapp.services.victims`; the blueprint lives in `webapp.victims.routes`.
"""
