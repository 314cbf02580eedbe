"""The sections of lessons/edge_detection.py (D2L §7.2.3), one module each: the book's
experiment, your own picture, a closer look at its pixels, and how long it takes. Importing
this package draws nothing."""
