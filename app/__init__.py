"""The application layer: what staff run (the command line, the web page), above intake and scheduler."""
