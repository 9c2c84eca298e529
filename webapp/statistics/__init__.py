"""Statistics for stakeholders and the data-quality report."""
