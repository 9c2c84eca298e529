"""Decision support in the app: screening with a live eligibility panel, the decision form with coded
overrides, supervisors' authorisation (with a prosecutor's consent where needed), the clerks' queue
of decisions to deliver, the override report and the rules and settings page.

routes.py keeps the views thin; presenters.py shapes the engine's answer for the templates. Case rows
become the engine's input in webapp.services.engine_input (the same path as `oocr assess`), the force's
engine settings are in webapp.services.settings, and what may be overridden and who signs off is in
webapp.domain.authorisation.
"""
