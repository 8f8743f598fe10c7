"""Date formats of the site (FORMAT_MODULE_PATH): settings such as DATE_FORMAT are overridden
by the active locale's formats, so ours are a format module. Anything not set here falls back
to Django's zh_Hans formats."""
