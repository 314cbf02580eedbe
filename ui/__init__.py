"""Streamlit and Plotly pieces shared by Conv Lab's pages."""

# Before any ui module imports torch: conv_core sets torch's OpenMP policy, which libgomp reads
# once, when torch first loads (conv_core/_openmp.py). One place instead of an import order.
from conv_core import _openmp
