"""Mail intake: IMAP, message parsing, matching, storage and the command line."""
