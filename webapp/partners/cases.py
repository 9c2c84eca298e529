"""Loading a case and a row id from a request, for the partners, enquiries and Restorative Justice pages:
the shared view helpers (area scoping, the reason asked outside one's caseload, bounded ids)."""
from __future__ import annotations

from webapp.views import int_arg, load_case

__all__ = ["int_arg", "load_case"]
