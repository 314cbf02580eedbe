"""OpenMP's threads sleep as soon as a parallel region ends (imported before torch loads it).

By default the OpenMP runtime under torch (GNU libgomp) keeps each thread of a parallel
region spinning for a while after the region, waiting for the next one. On a server where
many sessions compute at once, or beside other busy processes, a spinning thread takes a
core from work that could use it, and the fast path's many short regions pay for it.
libgomp reads the setting once, when torch is first imported, so it only takes effect when
conv_core is imported before torch; an OMP_WAIT_POLICY already set is left as it is.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
