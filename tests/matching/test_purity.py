"""The matching core stays pure: no database, no Textual."""

import subprocess
import sys


def test_matching_imports_neither_db_nor_textual():
    code = (
        "import sys, claims.matching; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('db', 'sqlmodel', 'sqlalchemy', 'textual')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
