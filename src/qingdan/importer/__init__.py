"""qingdan import: turn the Excel and CSV lists people already have into the YAML of a data set."""
