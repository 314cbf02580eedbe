"""The sections of lessons/learn_kernel.py: the book's experiment, the run played live, runs compared."""
