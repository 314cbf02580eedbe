"""Streamlit and Plotly pieces shared by Conv Lab's pages."""
