"""Detector plug-ins: the base class, personal-data detectors (``pii``), content detectors."""
