"""The sections of lessons/cross_correlation.py that are drawn apart from the lab's editors (for
now the chapter's exercise 4, the cross-correlation as a matrix product). Importing this
package draws nothing."""
