"""The evidential review (Full Code Test), the Caution Clinic and the suspect needs assessment.

Importing this package does not import Flask: `factors` and `needs` are plain data that jobs and
documents may read. The blueprint lives in `webapp.assessments.routes`.
"""
