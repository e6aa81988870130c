"""The caps a returned file is read behind: its size, a zip container's uncompressed size and
ratio, the rows and columns of a sheet read, and how far down its header is looked for.

This module is their one home: the readers (``returns``, ``returns_container``) read them here at
call time (``returns_caps.MAX_ROWS``), so a test lowers one by patching this module.
"""

from __future__ import annotations

MAX_BYTES = 20 << 20            # a month's return is tens of kilobytes
MAX_UNCOMPRESSED = 100 << 20    # zip bombs stop here
MAX_RATIO = 200                 # and here
MAX_ROWS = 5000
MAX_COLUMNS = 256               # column IV: a return has about twenty
HEADER_SEARCH = 10              # a clerk may insert rows above the header
