"""Pure readers: an attachment's name and bytes in, Vietnamese text and its structure out."""
