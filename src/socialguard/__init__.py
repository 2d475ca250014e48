"""SocialGuard: social media governance for UK councils."""

__version__ = "0.1.0"
