"""Learn a kernel (D2L §7.2.4): the book's experiment, the same run played live, runs compared."""
