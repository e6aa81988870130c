"""Each ribbon button / CLI command once: read what the job needs, call the core, write back.

The command line (``minsheng.cli`` + ``minsheng.commands``) and the ribbon (``minsheng.xl``) only
gather arguments, call a job and report its result.
"""
