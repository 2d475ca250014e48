"""Personal-data detectors (category ``personal_data`` and ``council_email_exposed``)."""
