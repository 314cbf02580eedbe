"""Sections of lessons/dimensions_1d_3d.py kept in files of their own. Importing this package
draws nothing."""
