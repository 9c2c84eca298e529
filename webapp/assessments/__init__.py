"""The evidential review (Full Code Test), the Caution Clinic and the suspect needs assessment: forms,
presenters and the pages. The questions and need domains are rules in webapp.domain.full_code_test and
webapp.domain.needs; saving goes through webapp.services.assessments and webapp.services.clinics.
"""
