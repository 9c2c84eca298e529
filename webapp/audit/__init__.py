"""The DPA 2018 s.62 processing log and its search page."""
