"""OpenMP's threads sleep as soon as a parallel region ends (imported before torch loads it).

By default the OpenMP runtime under torch (GNU libgomp) keeps each thread of a parallel
region spinning for a while after the region, waiting for the next one. conv_core's fast
path runs on its own pool of threads (conv_core.fast.workers), so a spinning OpenMP thread
left by the op before (corr2d's input check, a page's own torch ops, another session's
rerun) takes a core from a tile worker: measured on 3000×4000 3×3, corr2d took 17 ms with
spinning and 12 ms with this setting, the same work without checks 11 ms. libgomp reads
the setting once, when torch is first imported, so it only takes effect when conv_core is
imported before torch; an OMP_WAIT_POLICY already set is left as it is.
"""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
