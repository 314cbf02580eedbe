"""The sections of lessons/receptive_fields.py: the stack, one cell's region in every map,
a dilated kernel, and deeper against wider."""
