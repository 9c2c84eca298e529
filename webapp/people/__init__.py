"""People across cases: earlier records of a case's suspect, merging them, and the review list."""
