"""Streamlit and Plotly pieces shared by Conv Lab's pages."""

# Before any ui module imports torch: importing conv_core sets torch's OpenMP policy, which
# libgomp reads once, when torch first loads (conv_core/_openmp.py). One place, not an order.
# It also means that conv_core and torch load when the server starts (dashboard.py imports
# the class's route, ui.class_mode.route), not while the first student's page waits for them.
# tests/app/test_pages.py checks that importing dashboard.py loads torch.
from conv_core import corr2d as _loaded_before_torch
