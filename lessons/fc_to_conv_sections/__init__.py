"""The sections of lessons/fc_to_conv.py (D2L §7.1), one module each, drawn by that page in
the lesson's order. Importing this package draws nothing."""
