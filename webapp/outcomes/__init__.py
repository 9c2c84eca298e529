"""Outcomes for the force's records system: the clerks' queue and the bulk export."""
