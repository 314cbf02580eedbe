"""The channels lesson's sections, one module each."""
