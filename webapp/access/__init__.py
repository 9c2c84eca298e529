"""Who sees which area's cases: the reason asked before opening a case outside one's caseload, and
cover grants that let staff work another area's cases for a while."""
