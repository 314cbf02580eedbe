"""Class mode: a teacher leads from the projector, the class follows and answers.

`checks` says what is accepted from a browser; `store` is a class's life, kept by `memory`
(one server) or `redis_store` (replicas); `session` is this browser session's place in a
class; `panel` draws the sidebar (start, join, follow) and `follow` takes the teacher's
screen; `question` puts a page's question to the class.
"""
