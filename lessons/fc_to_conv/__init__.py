"""From fully connected to convolution (D2L §7.1), one module per section; `page.py` is the
page Streamlit runs and draws them in the lesson's order. Importing this package draws nothing."""
