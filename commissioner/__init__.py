"""Commissioner: governance of council commissioning projects."""

__version__ = "0.1.0"
