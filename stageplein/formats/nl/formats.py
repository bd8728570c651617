# "4 december 2026", as Django writes it in Dutch; stated here so both languages are in one place.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
