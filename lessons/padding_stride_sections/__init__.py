"""The sections of lessons/padding_stride.py: the settings and their shape, why pad, the
window's path, shape puzzles. Importing this package draws nothing."""
