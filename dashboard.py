"""Conv Lab's server: `streamlit run dashboard.py` serves the lesson (conv_lab.py, the
Streamlit script every browser session runs) and the class's HTTP routes.

A student following their teacher asks "has the teacher changed anything?" twice a second.
Asked over the websocket, each question would be a script run (a timed fragment) per
student: 60 students would cost a fifth of a core or more doing nothing. Asked over HTTP
(ui/class_mode/route.py, st.App's public `routes`), it is one small request, and only a
change starts a run.

The server also sends each message the moment it is written (ui/no_delay.py: Streamlit's own
socket leaves Nagle's algorithm on: a rerun's messages could wait 40 ms, or twice that, for the
browser's acknowledgement).
"""

import streamlit as st

# Importing ui loads conv_core and torch now, as the server starts, not while the first
# student's page waits (ui/__init__.py).
from ui.class_mode.route import ROUTES
from ui.no_delay import lifespan

app = st.App("conv_lab.py", routes=ROUTES, lifespan=lifespan)
