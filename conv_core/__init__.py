"""conv_core: the mathematics of Conv Lab, on torch. Imports neither streamlit nor plotly."""
