"""The application layer: the command line (and the web page), the only code that knows intake and scheduler."""
