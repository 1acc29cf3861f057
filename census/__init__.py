"""census: a vaccination-completion census for Indonesian social-services departments."""

__version__ = "0.1.0"
