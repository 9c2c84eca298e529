"""What changes records, one module per area of work.

Views, background jobs and commands all call these functions, so a status change, its timeline
event and its audit line are written the same way whoever asks. Nothing here imports a blueprint;
rules themselves live in `webapp.domain`.
"""
