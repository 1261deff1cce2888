"""stancemap: who said what, who stands where, and how that changed, from news articles."""

__version__ = "0.1.0"
