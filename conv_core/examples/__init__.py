"""The lessons' props, kept apart from the operations: the book's worked examples, the 1-D and
3-D page's signals and volumes, drawn sample pictures, training pairs and Waldo's scene."""
