"""``python -m documents.letters [folder]``: rebuild the shipped templates and their words."""

import sys
from pathlib import Path

from documents.catalogue import TEMPLATES_DIR
from documents.letters import write_templates

for path in write_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATES_DIR):
    print(f"wrote {path}")
