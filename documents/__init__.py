"""Documents the casework system produces or receives: templates, bundles and redaction.

Nothing here imports Flask, so the web app, background jobs and the command line share one
implementation and the rules can be tested without an application context.
"""
