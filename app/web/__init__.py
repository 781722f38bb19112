"""The office's own page: status, review, extensions, exemptions and paper copies in a browser."""
