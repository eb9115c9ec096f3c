"""Formasi: ASN workforce planning for Indonesian governments."""

__version__ = "0.1.0"
