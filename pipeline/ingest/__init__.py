"""Stage: ingest — the inbox as a stream of InboxItems (SPEC §2, §5, §7).

Only this stage reads the inbox, and only to read: every file is opened "rb".
"""

from pipeline.ingest.register import RegisterEntry, read_register, register_problems
from pipeline.ingest.walk import IngestLimits, inbox_files, iter_inbox, with_data

__all__ = [
    "IngestLimits",
    "RegisterEntry",
    "inbox_files",
    "iter_inbox",
    "read_register",
    "register_problems",
    "with_data",
]
