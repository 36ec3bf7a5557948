"""The one core both front doors use: each function is one unit of work in one transaction."""
