"""Streamlit and Plotly pieces shared by Conv Lab's pages."""

# Before any ui module imports torch: importing conv_core sets torch's OpenMP policy, which
# libgomp reads once, when torch first loads (conv_core/_openmp.py). One place, not an order.
from conv_core import corr2d as _loaded_before_torch
