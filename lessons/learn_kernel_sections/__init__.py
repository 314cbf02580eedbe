"""The sections of lessons/learn_kernel.py: the book's experiment, the run played live,
and runs compared on one surface."""
