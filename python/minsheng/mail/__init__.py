"""催报 and the mail that carries bulletins: who is reminded of what, and how it is sent.

``reminders`` decides, from a month's progress and 单位通讯录, which unit gets which reminder (and
which were sent before, from 日志); ``send`` composes messages, writes .eml drafts and sends
(each accepted message reported at once, so it is logged before the next goes); ``smtp`` is the
connection, its timeouts and the password from the environment or the keyring.
"""
