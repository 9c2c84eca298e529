"""Decision support in the app: screening with a live eligibility panel, the decision form with coded
overrides, supervisors' authorisation (with a prosecutor's consent where needed), the clerks' queue
of decisions to deliver, the override report and the rules and settings page.

routes.py keeps the views thin; facts.py turns case rows into the engine's input (the same path as
`oocr assess`); settings.py loads the force's engine settings; policy.py says what may be overridden
and who signs off; presenters.py shapes the engine's answer for the templates.
"""
