"""Each ribbon button / CLI command once: read what the job needs, call the core, write back.

One module per action (validate, status, split, consolidate, bulletin, remind, export, build), each
a function over an engine (``minsheng.engines.base.Engine``: the file on disk or the workbook open
in Excel) and plain parameters, returning a result dataclass: no printing, no message boxes. The
command line (``minsheng.cli`` + ``minsheng.commands``) and the ribbon (``minsheng.xl``) only
gather arguments, call a job and report its result; ``tests/test_faces.py`` holds them to it.
"""
