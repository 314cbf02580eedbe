"""Class mode: a teacher leads from the projector, the class follows and answers.

`store` keeps the classes (Streamlit-free); `panel` draws the sidebar (start, join, follow);
`question` puts a page's question to the class.
"""
