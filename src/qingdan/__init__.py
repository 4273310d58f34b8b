"""qingdan: township responsibility lists as YAML under version control."""

__version__ = "0.1.0"
