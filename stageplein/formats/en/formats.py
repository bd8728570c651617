# One way to write a date in English, the same shape as in Dutch: "4 December 2026"
# (Django's default "Dec. 4, 2026" sat next to "4 Dec 2026" written by hand in templates).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
