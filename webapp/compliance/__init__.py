"""Compliance with conditions, breaches and redacted evidence bundles for prosecution.

The rules are in webapp.domain.compliance (no Flask); attendance files, breaches and evidence are
in this package's modules; the background jobs are jobs.tasks.sweep and jobs.tasks.bundles; the
bundle itself is assembled by documents.bundle. The blueprint lives in webapp.compliance.routes.
"""
