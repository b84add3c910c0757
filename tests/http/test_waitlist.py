"""test_waitlist.py: notify me, sequential offers, claims (issue 18)."""


def test_placeholder():
    pass
