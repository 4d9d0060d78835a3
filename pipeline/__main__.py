"""``python -m pipeline`` runs the command line."""

import atexit
import os
import sys

from pipeline.cli import main

code = main()
# Everything is written and closed by now.  The exit handlers still run (the multiprocessing
# and temporary-file clean-ups among them); what is skipped is the interpreter's teardown of
# every module and object, a fifth of a second that changes nothing on disk.
atexit._run_exitfuncs()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
