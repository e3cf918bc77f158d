"""Set up Django on a throw-away SQLite database for a benchmark script."""

import os
import sys
import tempfile
from pathlib import Path


def setup() -> Path:
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    var = Path(tempfile.mkdtemp(prefix="workbench-bench-"))
    os.environ["WORKBENCH_VAR_DIR"] = str(var)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return var
