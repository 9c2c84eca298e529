"""Victim liaison: enhanced rights, views, restorative justice and the Victims' Code contact deadlines.

`webapp.victims.deadlines` is plain Python (no Flask) so jobs and other blueprints can call it;
the blueprint lives in `webapp.victims.routes`.
"""
