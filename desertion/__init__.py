"""Desertion Monitor: sourced data on Russian military desertion since 2022, and the logic of its dashboard."""

__version__ = "0.1.0"
