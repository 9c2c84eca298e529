"""Compliance with conditions, breaches and redacted evidence bundles for prosecution.

The rules are in webapp.domain.compliance and webapp.domain.attendance_files (no Flask); recording
attendance, breaches, variations and evidence is in webapp.services; the background jobs are
jobs.tasks.sweep and jobs.tasks.bundles; the bundle itself is assembled by documents.bundle. This
package holds the blueprint (routes), its forms and presenters.
"""
